"use client";

import { useEffect, useRef } from "react";
import type { KeyHelp } from "@/lib/ui/keys";

type Props = { groups: { title: string; keys: KeyHelp[] }[]; onClose: () => void };

/** Every key of the page, in a modal dialog: Escape or the button closes it and focus goes back. */
export default function KeyHelpDialog({ groups, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    return () => el?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="keys-title"
      className="m-auto max-w-xl rounded-xl border border-slate-300 p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40"
      data-testid="key-help"
    >
      <div className="flex flex-col gap-4 p-5">
        <h2 id="keys-title" className="text-xl font-bold">
          Keyboard
        </h2>
        {groups.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3 className="mb-1 text-sm font-semibold uppercase tracking-wide text-slate-700">{group.title}</h3>
            <dl className="grid grid-cols-[auto_1fr] items-baseline gap-x-4 gap-y-1.5 text-base">
              {group.keys.map((k) => [
                <dt key={`${k.what}-keys`} className="flex gap-1 whitespace-nowrap">
                  {k.keys.map((key) =>
                    key === "…" ? (
                      <span key={key}>…</span>
                    ) : (
                      <kbd key={key} className="kbd ml-0 text-sm">
                        {key}
                      </kbd>
                    ),
                  )}
                </dt>,
                <dd key={`${k.what}-what`}>{k.what}</dd>,
              ])}
            </dl>
          </section>
        ))}
        <p className="text-sm text-slate-700">
          Digits and arrows also work in an empty chat box; Tab from the top of the page reaches the chat in a few steps.
        </p>
        <form method="dialog" className="flex justify-end">
          <button type="submit" autoFocus className="focus-ring btn-primary" data-testid="key-help-close">
            Close
          </button>
        </form>
      </div>
    </dialog>
  );
}
