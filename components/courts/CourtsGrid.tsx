"use client";

import { memo, useEffect, useState } from "react";

type CellState = "free" | "taken" | "yours" | "past";
type Cell = { slot: { slot_id: string; court: string; date: string; time: string }; state: CellState; booking_id?: string };

/**
 * Fired on window when a booking may have changed the schedule (chat, grid), so the day view
 * refetches; with a date, the view turns to that day to show the booking that just landed.
 */
export const COURTS_CHANGED = "courts:changed";

export function announceCourtsChanged(date?: string) {
  window.dispatchEvent(new CustomEvent<string | undefined>(COURTS_CHANGED, { detail: date }));
}

const CELL_STYLE: Record<CellState, string> = {
  free: "bg-emerald-50 text-emerald-900 border-emerald-300 hover:bg-emerald-100 cursor-pointer",
  taken: "bg-slate-200 text-slate-600 border-slate-300",
  yours: "bg-indigo-600 text-white border-indigo-700 font-semibold",
  past: "bg-slate-100 text-slate-400 border-slate-200",
};

const CELL_TEXT: Record<CellState, string> = { free: "Free", taken: "Taken", yours: "Yours", past: "—" };

/** The courts day view: four courts × opening hours; free cells book on click. In demo mode it shows (and books on) the demo sandbox. */
export function CourtsGrid({ initialDate, compact = false, demo = false }: { initialDate: string; compact?: boolean; demo?: boolean }) {
  const [date, setDate] = useState(initialDate);
  const [cells, setCells] = useState<Cell[] | null>(null);
  const [sandbox, setSandbox] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Kept until the next booking attempt, so a refusal stays readable while the grid refreshes.
  const [bookError, setBookError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  // Bumped to refetch the shown day; a response for a day no longer shown is dropped.
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let current = true;
    (async () => {
      try {
        const res = await fetch(`/api/schedule?date=${date}${demo ? "&demo=1" : ""}`, { cache: "no-store" });
        const body = await res.json();
        if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
        if (current) {
          setCells(body.cells);
          setSandbox(body.schedule?.kind === "demo");
          setLoadError(null);
        }
      } catch (e) {
        if (current) setLoadError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      current = false;
    };
  }, [date, revision, demo]);

  useEffect(() => {
    const onChange = (e: Event) => {
      const landed = (e as CustomEvent<string | undefined>).detail;
      if (landed) setDate(landed);
      setRevision((r) => r + 1);
    };
    window.addEventListener(COURTS_CHANGED, onChange);
    return () => window.removeEventListener(COURTS_CHANGED, onChange);
  }, []);

  const bookCell = async (cell: Cell) => {
    setPending(cell.slot.slot_id);
    setBookError(null);
    try {
      const res = await fetch("/api/bookings", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ slot_id: cell.slot.slot_id, ...(demo ? { demo: true } : {}) }) });
      const body = await res.json();
      if (!res.ok) setBookError(body.error?.message ?? `HTTP ${res.status}`);
      setRevision((r) => r + 1);
    } finally {
      setPending(null);
    }
  };

  const times = cells ? [...new Set(cells.map((c) => c.slot.time))] : [];
  const courts = cells ? [...new Set(cells.map((c) => c.slot.court))] : [];

  return (
    <section aria-labelledby="courts-title" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 id="courts-title" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
          Courts
          {sandbox && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 normal-case tracking-normal text-amber-900" data-testid="courts-sandbox" title="Bookings here are in your demo sandbox, seeded like the club's schedule; the club's own schedule is untouched.">demo sandbox · not the club&apos;s schedule</span>}
        </h2>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <span className="sr-only">Day</span>
          <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1" data-testid="courts-date" />
        </label>
      </div>
      {(bookError ?? loadError) && <p role="alert" data-testid="courts-error" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800">{bookError ?? loadError}</p>}
      {!cells ? (
        <p className="text-sm text-slate-500" aria-live="polite">Loading the day…</p>
      ) : (
        <table data-testid="courts-grid" data-date={date} className="w-full table-fixed border-separate border-spacing-0.5 text-center text-xs">
          <thead>
            <tr>
              <th scope="col" className="w-14 text-slate-500">Time</th>
              {courts.map((c) => <th key={c} scope="col" className="font-semibold text-slate-700">{c.replace("Court ", "")}</th>)}
            </tr>
          </thead>
          <tbody>
            {times.map((time) => (
              <tr key={time}>
                <th scope="row" className="font-mono font-normal text-slate-500">{time}</th>
                {cells.filter((c) => c.slot.time === time).map((cell) => (
                  <CourtCell key={cell.slot.slot_id} cell={cell} compact={compact} pending={pending === cell.slot.slot_id} onBook={bookCell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const CourtCell = memo(function CourtCell({ cell, compact, pending, onBook }: { cell: Cell; compact: boolean; pending: boolean; onBook: (c: Cell) => void }) {
  const label = `${cell.slot.court} ${cell.slot.time}: ${CELL_TEXT[cell.state]}`;
  return (
    <td className="p-0">
      <button
        type="button"
        data-testid="court-cell"
        data-slot-id={cell.slot.slot_id}
        data-state={cell.state}
        aria-label={cell.state === "free" ? `Book ${cell.slot.court} at ${cell.slot.time}` : label}
        disabled={cell.state !== "free" || pending}
        onClick={() => onBook(cell)}
        className={`w-full rounded border ${compact ? "py-0.5" : "py-1.5"} transition-colors ${CELL_STYLE[cell.state]} disabled:cursor-default`}
      >
        {pending ? "…" : CELL_TEXT[cell.state]}
      </button>
    </td>
  );
});
