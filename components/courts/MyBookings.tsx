"use client";

import { useEffect, useState } from "react";
import type { Booking } from "@/lib/domain/bookings";
import { changeBooking, dayLabel } from "@/lib/ui/courts";
import { ConfirmDialog } from "./ConfirmDialog";
import { announceCourtsChanged, COURTS_CHANGED } from "./CourtsGrid";

/**
 * The member's upcoming bookings (GET /api/bookings), each with a cancel that asks first; in demo
 * mode those of the demo sandbox, the schedule the courts grid and the chat work on.
 */
export function MyBookings({ demo = false }: { demo?: boolean }) {
  const [bookings, setBookings] = useState<Booking[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/bookings${demo ? "?demo=1" : ""}`, { cache: "no-store", signal: abort.signal })
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
        setBookings(body.bookings);
      })
      .catch((e: Error) => !abort.signal.aborted && setError(e.message));
    return () => abort.abort();
  }, [revision, demo]);

  useEffect(() => {
    const onChange = () => setRevision((r) => r + 1);
    window.addEventListener(COURTS_CHANGED, onChange);
    return () => window.removeEventListener(COURTS_CHANGED, onChange);
  }, []);

  const answer = async (yes: boolean) => {
    const booking = cancelling;
    setCancelling(null);
    if (!yes || !booking) return;
    setError(await changeBooking({ cancel: booking.booking_id }, demo));
    announceCourtsChanged();
  };

  return (
    <section aria-labelledby="my-bookings-title" className="flex flex-col gap-1.5" data-testid="my-bookings">
      <h2 id="my-bookings-title" className="panel-title">
        My bookings
      </h2>
      {error && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800">
          {error}
        </p>
      )}
      {!bookings ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : bookings.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="my-bookings-empty">
          No upcoming bookings. Book by chat or pick a free cell above.
        </p>
      ) : (
        <ul className="flex flex-col gap-1">
          {bookings.map((b) => (
            <li
              key={b.booking_id}
              className="flex items-center justify-between gap-2 rounded-md border border-slate-200 px-2 py-1 text-sm"
              data-testid="my-booking"
              data-booking-slot={b.slot_id}
            >
              <span>
                <strong className="font-semibold">{b.court}</strong> · {dayLabel(b.date)} · {b.time}
              </span>
              <button
                type="button"
                onClick={() => setCancelling(b)}
                className="focus-ring btn-quiet"
                aria-label={`Cancel ${b.court} on ${dayLabel(b.date)} at ${b.time}`}
                data-testid="my-booking-cancel"
              >
                Cancel
              </button>
            </li>
          ))}
        </ul>
      )}
      {cancelling && (
        <ConfirmDialog
          ask={{
            title: "Cancel this booking?",
            body: `Your booking of ${cancelling.court} on ${dayLabel(cancelling.date)} at ${cancelling.time} will be cancelled and the court freed for others.`,
            confirm: "Cancel booking",
            keep: "Keep it",
            danger: true,
          }}
          onAnswer={answer}
        />
      )}
    </section>
  );
}
