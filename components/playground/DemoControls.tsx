"use client";

type Props = { on: boolean; onToggle: () => void; onReset: () => void; resetting: boolean };

/** The demo switch and, while it is on, the reset of the demo sandbox (key R). */
export function DemoControls({ on, onToggle, onReset, resetting }: Props) {
  return (
    <div className="flex items-center gap-1">
      <button
        type="button"
        onClick={onToggle}
        aria-pressed={on}
        className={`focus-ring btn-quiet ${on ? "bg-amber-100 text-amber-950" : ""}`}
        data-testid="demo-toggle"
        title="Demo mode: your runs book in a sandbox seeded like the club's schedule"
      >
        Demo {on ? "on" : "off"}
      </button>
      {on && (
        <button
          type="button"
          onClick={onReset}
          disabled={resetting}
          aria-keyshortcuts="r"
          className="focus-ring btn-quiet"
          data-testid="demo-reset"
          title="Reset the demo sandbox to its seed and start every conversation afresh"
        >
          {resetting ? (
            "Resetting…"
          ) : (
            <>
              Reset demo <kbd className="kbd">R</kbd>
            </>
          )}
        </button>
      )}
    </div>
  );
}
