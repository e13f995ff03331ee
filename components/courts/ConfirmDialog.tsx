"use client";

import { useEffect, useRef } from "react";

export type Confirmation = { title: string; body: string; confirm: string; keep: string; danger?: boolean };

type Props = { ask: Confirmation; onAnswer: (yes: boolean) => void };

/** A modal yes/no question (native <dialog>: focus kept inside, Escape says no). */
export function ConfirmDialog({ ask, onAnswer }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const answered = useRef(false);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  const answer = (yes: boolean) => {
    if (answered.current) return;
    answered.current = true;
    onAnswer(yes);
  };
  return (
    <dialog
      ref={dialog}
      onClose={() => answer(false)}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      className="m-auto max-w-md rounded-xl border border-slate-300 p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40"
      data-testid="confirm-dialog"
    >
      <form
        method="dialog"
        className="flex flex-col gap-3 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          answer((e.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "yes");
        }}
      >
        <h2 id="confirm-title" className="text-lg font-bold">
          {ask.title}
        </h2>
        <p id="confirm-body" className="text-base text-slate-800">
          {ask.body}
        </p>
        <div className="flex justify-end gap-2">
          <button type="submit" value="no" autoFocus className="focus-ring btn-quiet text-base" data-testid="confirm-no">
            {ask.keep}
          </button>
          <button
            type="submit"
            value="yes"
            className={`focus-ring btn-primary ${ask.danger ? "bg-rose-700 hover:bg-rose-800" : ""}`}
            data-testid="confirm-yes"
          >
            {ask.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
