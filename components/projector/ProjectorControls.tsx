"use client";

import { useState } from "react";
import { KeyHelp } from "@/components/keys/KeyHelp";
import { useShortcuts, type Shortcut } from "@/components/keys/useShortcuts";
import { PAGE_KEYS, type KeyHelp as KeyHelpEntry } from "@/lib/ui/keys";
import { useProjector } from "./useProjector";

type Props = { extraKeys?: { title: string; keys: KeyHelpEntry[]; shortcuts: Shortcut[] } };

/** The projector toggle and key help of a page other than the playground (/compare, /runs/{id}), with `p` and `?`. */
export function ProjectorControls({ extraKeys }: Props) {
  const [projector, toggleProjector] = useProjector();
  const [keysOpen, setKeysOpen] = useState(false);
  useShortcuts([
    { keys: ["p", "P"], run: toggleProjector, onControls: true },
    { keys: ["?"], run: () => setKeysOpen(true), onControls: true },
    ...(extraKeys?.shortcuts ?? []),
  ]);
  return (
    <>
      <KeyHelp
        open={keysOpen}
        onOpen={() => setKeysOpen(true)}
        onClose={() => setKeysOpen(false)}
        groups={[{ title: "This page", keys: PAGE_KEYS }, ...(extraKeys ? [{ title: extraKeys.title, keys: extraKeys.keys }] : [])]}
      />
      <button
        type="button"
        onClick={toggleProjector}
        aria-pressed={projector}
        aria-keyshortcuts="p"
        className="focus-ring btn-quiet"
        data-testid="projector-toggle"
      >
        Projector <kbd className="kbd">P</kbd>
      </button>
    </>
  );
}
