"use client";

import { memo, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { changeBooking, dayLabel, type RevertedState } from "@/lib/ui/courts";
import { ConfirmDialog, type Confirmation } from "./ConfirmDialog";

type CellState = "free" | "taken" | "yours" | "past";
type Cell = { slot: { slot_id: string; court: string; date: string; time: string }; state: CellState; booking_id?: string };

/**
 * Fired on window when a booking may have changed the schedule (chat, grid, My bookings), so the
 * views refetch; with a date, the day view turns to that day to show the booking that just landed.
 */
export const COURTS_CHANGED = "courts:changed";

export function announceCourtsChanged(date?: string) {
  window.dispatchEvent(new CustomEvent<string | undefined>(COURTS_CHANGED, { detail: date }));
}

const CELL_STYLE: Record<CellState, string> = {
  free: "bg-emerald-50 text-emerald-900 border-emerald-300 hover:bg-emerald-100 cursor-pointer",
  taken: "bg-slate-200 text-slate-600 border-slate-300",
  yours: "bg-indigo-600 text-white border-indigo-700 font-semibold hover:bg-indigo-700 cursor-pointer",
  past: "bg-slate-100 text-slate-400 border-slate-200",
};

const CELL_TEXT: Record<CellState, string> = { free: "Free", taken: "Taken", yours: "Yours", past: "—" };
/** The strip (projector mode) is read from the back of a room: colour and a tick, no words per cell. */
const STRIP_TEXT: Record<CellState, string> = { free: "", taken: "", yours: "✓", past: "" };

type Props = {
  date: string;
  onDateChange: (date: string) => void;
  /** "strip": courts as rows and hours as columns, small enough to stay on screen beside a projected chat. */
  variant?: "day" | "strip";
  /** Show (and book on) the member's demo sandbox instead of the club's schedule. */
  demo?: boolean;
  /** A replay: the cells its run changed after the replayed step, shown as they were before (read-only while set). */
  reverted?: Record<string, RevertedState>;
};

/** Where an arrow key moves the focus in a grid of `columns` cells a row. */
const MOVES: Record<string, (i: number, columns: number, count: number) => number> = {
  ArrowRight: (i) => i + 1,
  ArrowLeft: (i) => i - 1,
  ArrowDown: (i, columns) => i + columns,
  ArrowUp: (i, columns) => i - columns,
  Home: (i, columns) => i - (i % columns),
  End: (i, columns) => i - (i % columns) + columns - 1,
};

/** The courts day view: four courts × opening hours; a free cell books and a cell of yours cancels, each after asking. */
export function CourtsGrid({ date, onDateChange, variant = "day", demo = false, reverted }: Props) {
  // Cells are kept with the day they belong to, so a new day never shows over the old day's cells.
  const [loaded, setLoaded] = useState<{ date: string; cells: Cell[]; sandbox: boolean } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Kept until the next booking attempt, so a refusal stays readable while the grid refreshes.
  const [bookError, setBookError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ cell: Cell; ask: Confirmation } | null>(null);
  // Bumped to refetch the shown day; a response for a day no longer shown is dropped.
  const [revision, setRevision] = useState(0);
  // One Tab stop for the whole grid (roving tabindex): the cell last moved to by the arrows.
  const [current, setCurrent] = useState<string | null>(null);
  const table = useRef<HTMLTableElement>(null);

  useEffect(() => {
    let current = true;
    (async () => {
      try {
        const res = await fetch(`/api/schedule?date=${date}${demo ? "&demo=1" : ""}`, { cache: "no-store" });
        const body = await res.json();
        if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
        if (current) {
          setLoaded({ date, cells: body.cells, sandbox: body.schedule?.kind === "demo" });
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
      if (landed) onDateChange(landed);
      setRevision((r) => r + 1);
    };
    window.addEventListener(COURTS_CHANGED, onChange);
    return () => window.removeEventListener(COURTS_CHANGED, onChange);
  }, [onDateChange]);

  const ask = (cell: Cell) => {
    const when = `${cell.slot.court} on ${dayLabel(cell.slot.date)} at ${cell.slot.time}`;
    setAsking({
      cell,
      ask:
        cell.state === "yours"
          ? {
              title: "Cancel this booking?",
              body: `Your booking of ${when} will be cancelled and the court freed for others.`,
              confirm: "Cancel booking",
              keep: "Keep it",
              danger: true,
            }
          : { title: "Book this court?", body: `Book ${when} for one hour?`, confirm: "Book it", keep: "Not now" },
    });
  };

  const answer = async (yes: boolean) => {
    const cell = asking?.cell;
    setAsking(null);
    if (!yes || !cell) return;
    setPending(cell.slot.slot_id);
    setBookError(null);
    try {
      const refused = await changeBooking(
        cell.state === "yours" && cell.booking_id ? { cancel: cell.booking_id } : { book: cell.slot.slot_id },
        demo,
      );
      setBookError(refused);
      announceCourtsChanged();
    } finally {
      setPending(null);
    }
  };

  const loadedCells = loaded?.date === date ? loaded.cells : null;
  const cells = loadedCells && reverted ? loadedCells.map((c) => revert(c, reverted)) : loadedCells;
  const times = cells ? [...new Set(cells.map((c) => c.slot.time))] : [];
  const courts = cells ? [...new Set(cells.map((c) => c.slot.court))] : [];
  const strip = variant === "strip";
  // Cells in reading order, as the table lays them out.
  const ordered = cells
    ? strip
      ? courts.flatMap((court) => cells.filter((c) => c.slot.court === court))
      : times.flatMap((time) => cells.filter((c) => c.slot.time === time))
    : [];
  const columns = strip ? times.length : courts.length;
  const tabStop =
    ordered.find((c) => c.slot.slot_id === current)?.slot.slot_id ?? ordered.find(isActionable)?.slot.slot_id ?? ordered[0]?.slot.slot_id;
  const move = (e: KeyboardEvent<HTMLTableElement>) => {
    const step = MOVES[e.key];
    const from = ordered.findIndex((c) => c.slot.slot_id === (e.target as HTMLElement).dataset.slotId);
    if (!step || from < 0) return;
    // The page's own arrows (switch pattern) must not fire while the focus moves within the grid.
    e.preventDefault();
    const to = step(from, columns, ordered.length);
    if (to < 0 || to >= ordered.length) return;
    const id = ordered[to].slot.slot_id;
    setCurrent(id);
    table.current?.querySelector<HTMLElement>(`[data-slot-id="${id}"]`)?.focus();
  };
  const cellProps = (cell: Cell) => ({
    cell,
    pending: pending === cell.slot.slot_id,
    readOnly: Boolean(reverted),
    tabStop: cell.slot.slot_id === tabStop,
    onChoose: ask,
  });

  return (
    <section aria-labelledby="courts-title" className="flex flex-col gap-2" data-variant={variant}>
      <div className="flex items-center justify-between gap-2">
        <h2 id="courts-title" className="panel-title">
          Courts{strip && cells ? ` · ${dayLabel(date)}` : ""}
          {loaded?.sandbox && (
            <span
              className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 normal-case tracking-normal text-amber-900"
              data-testid="courts-sandbox"
              title="Bookings here are in your demo sandbox, seeded like the club's schedule; the club's own schedule is untouched."
            >
              demo sandbox · not the club&apos;s schedule
            </span>
          )}
        </h2>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <span className="sr-only">Day</span>
          <input
            type="date"
            value={date}
            onChange={(e) => e.target.value && onDateChange(e.target.value)}
            className="rounded border border-slate-300 bg-white px-2 py-1"
            data-testid="courts-date"
          />
        </label>
      </div>
      {(bookError ?? loadError) && (
        <p role="alert" data-testid="courts-error" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800">
          {bookError ?? loadError}
        </p>
      )}
      {!cells ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          Loading {dayLabel(date)}…
        </p>
      ) : strip ? (
        <table
          ref={table}
          onKeyDown={move}
          data-testid="courts-grid"
          data-date={date}
          data-replay={reverted ? true : undefined}
          aria-describedby="courts-keys"
          className="w-full table-fixed border-separate border-spacing-0.5 text-center text-sm"
        >
          <thead>
            <tr>
              <th scope="col" className="w-8">
                <span className="sr-only">Court</span>
              </th>
              {times.map((t) => (
                <th key={t} scope="col" className="font-mono text-xs font-normal text-slate-700">
                  {t.slice(0, 2)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {courts.map((court) => (
              <tr key={court}>
                <th scope="row" className="font-semibold text-slate-800">
                  {court.replace("Court ", "")}
                </th>
                {cells
                  .filter((c) => c.slot.court === court)
                  .map((cell) => (
                    <CourtCell key={cell.slot.slot_id} {...cellProps(cell)} text={STRIP_TEXT[cell.state]} compact />
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table
          ref={table}
          onKeyDown={move}
          data-testid="courts-grid"
          data-date={date}
          data-replay={reverted ? true : undefined}
          aria-describedby="courts-keys"
          className="w-full table-fixed border-separate border-spacing-0.5 text-center text-xs"
        >
          <thead>
            <tr>
              <th scope="col" className="w-14 text-slate-600">
                Time
              </th>
              {courts.map((c) => (
                <th key={c} scope="col" className="font-semibold text-slate-700">
                  {c.replace("Court ", "")}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {times.map((time) => (
              <tr key={time}>
                <th scope="row" className="font-mono font-normal text-slate-600">
                  {time}
                </th>
                {cells
                  .filter((c) => c.slot.time === time)
                  .map((cell) => (
                    <CourtCell key={cell.slot.slot_id} {...cellProps(cell)} text={CELL_TEXT[cell.state]} compact={false} />
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {strip && (
        <p aria-hidden="true" className="flex gap-3 text-xs text-slate-700">
          <span>
            <span className="mr-1 inline-block size-3 rounded-sm border border-emerald-300 bg-emerald-50 align-middle" />
            free
          </span>
          <span>
            <span className="mr-1 inline-block size-3 rounded-sm bg-slate-300 align-middle" />
            taken
          </span>
          <span>
            <span className="mr-1 inline-block size-3 rounded-sm bg-indigo-600 align-middle" />
            yours
          </span>
        </p>
      )}
      <p id="courts-keys" className="sr-only">
        Arrow keys move between the cells; Enter books a free one or cancels one of yours.
      </p>
      {asking && <ConfirmDialog ask={asking.ask} onAnswer={answer} />}
    </section>
  );
}

type CellProps = {
  cell: Cell;
  text: string;
  compact: boolean;
  pending: boolean;
  readOnly: boolean;
  tabStop: boolean;
  onChoose: (c: Cell) => void;
};

function isActionable(cell: Cell): boolean {
  return cell.state === "free" || (cell.state === "yours" && Boolean(cell.booking_id));
}

/** A cell as it was before a replayed run's later change; a reverted "yours" has no booking to cancel. */
function revert(cell: Cell, reverted: Record<string, RevertedState>): Cell {
  const before = reverted[cell.slot.slot_id];
  if (!before || cell.state === "past") return cell;
  return { slot: cell.slot, state: before };
}

/**
 * Every cell can take the focus (aria-disabled, not disabled), so the arrows walk the whole grid;
 * only the grid's one tab stop is in the Tab order.
 */
const CourtCell = memo(function CourtCell({ cell, text, compact, pending, readOnly, tabStop, onChoose }: CellProps) {
  const actionable = isActionable(cell) && !readOnly;
  const where = `${cell.slot.court} at ${cell.slot.time}`;
  const label =
    cell.state === "free"
      ? `Book ${where}`
      : cell.state === "yours"
        ? `Cancel your booking of ${where}`
        : `${where}: ${CELL_TEXT[cell.state]}`;
  return (
    <td className="p-0">
      <button
        type="button"
        data-testid="court-cell"
        data-slot-id={cell.slot.slot_id}
        data-state={cell.state}
        aria-label={readOnly ? `${where}: ${CELL_TEXT[cell.state]}` : label}
        title={label}
        aria-disabled={!actionable || pending}
        tabIndex={tabStop ? 0 : -1}
        onClick={() => actionable && !pending && onChoose(cell)}
        className={`focus-ring w-full rounded border ${compact ? "h-7 py-0" : "py-1.5"} transition-colors ${CELL_STYLE[cell.state]} aria-disabled:cursor-default`}
      >
        {pending ? "…" : text}
      </button>
    </td>
  );
});
