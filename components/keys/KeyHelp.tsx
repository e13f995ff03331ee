"use client";

import dynamic from "next/dynamic";
import type { KeyHelp as KeyHelpEntry } from "@/lib/ui/keys";

// Loaded the first time someone asks for it: the first screen does not need it.
const KeyHelpDialog = dynamic(() => import("./KeyHelpDialog"), { ssr: false });

type Props = { open: boolean; onOpen: () => void; onClose: () => void; groups: { title: string; keys: KeyHelpEntry[] }[] };

/** The "Keys ?" button and, when open, the dialog listing every key. */
export function KeyHelp({ open, onOpen, onClose, groups }: Props) {
  return (
    <>
      <button
        type="button"
        onClick={onOpen}
        aria-haspopup="dialog"
        aria-keyshortcuts="?"
        className="focus-ring btn-quiet"
        data-testid="key-help-open"
      >
        Keys <kbd className="kbd">?</kbd>
      </button>
      {open && <KeyHelpDialog groups={groups} onClose={onClose} />}
    </>
  );
}
