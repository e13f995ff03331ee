"use client";

import { SPEEDS, stepCaption, type Playback, type PlaybackAction } from "@/lib/ui/playback";

type Props = {
  playback: Playback;
  dispatch: (action: PlaybackAction) => void;
  onExit?: () => void;
  /** The graph's node labels by id, so captions read "Parse LLM starts". */
  labels: Record<string, string>;
};

/**
 * Play, pause, step forward and back (one node start or end at a time), a scrubber and the speed:
 * the presenter's way to walk an audience through a run. Keys: Space, "." and "," (see lib/ui/keys).
 */
export function ReplayControls({ playback, dispatch, onExit, labels }: Props) {
  const { step, stops, playing, speed } = playback;
  const last = stops.length - 1;
  return (
    <div role="toolbar" aria-label="Replay" className="flex flex-wrap items-center gap-1.5" data-testid="replay-controls">
      <button
        type="button"
        className="focus-ring btn-quiet"
        onClick={() => dispatch({ type: "restart" })}
        data-testid="replay-restart"
        aria-label="Back to the start"
      >
        « Start
      </button>
      <button
        type="button"
        className="focus-ring btn-quiet"
        onClick={() => dispatch({ type: "back" })}
        disabled={step === 0}
        aria-keyshortcuts=","
        data-testid="replay-back"
      >
        ‹ Back
      </button>
      <button
        type="button"
        className="focus-ring btn-quiet min-w-[5.5rem]"
        onClick={() => dispatch({ type: "toggle" })}
        aria-keyshortcuts="Space"
        data-testid="replay-play"
      >
        {playing ? "Pause" : step >= last && last > 0 ? "Play again" : "Play"}
      </button>
      <button
        type="button"
        className="focus-ring btn-quiet"
        onClick={() => dispatch({ type: "step" })}
        disabled={step >= last}
        aria-keyshortcuts="."
        data-testid="replay-step"
      >
        Step ›
      </button>
      <label className="flex items-center gap-1.5 text-sm text-slate-700">
        <span className="sr-only">Position</span>
        <input
          type="range"
          min={0}
          max={last}
          step={1}
          value={step}
          onChange={(e) => dispatch({ type: "seek", step: Number(e.target.value) })}
          aria-valuetext={`Step ${step} of ${last}: ${stepCaption(playback, labels)}`}
          className="w-32 accent-slate-900"
          data-testid="replay-scrubber"
        />
      </label>
      <span
        className="min-w-[11rem] text-sm text-slate-800"
        aria-live="polite"
        data-testid="replay-position"
        data-step={step}
        data-steps={last}
      >
        <span className="font-mono">
          {step}/{last}
        </span>{" "}
        · {stepCaption(playback, labels)}
      </span>
      <div role="radiogroup" aria-label="Speed" className="flex overflow-hidden rounded-md border border-slate-300">
        {SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={speed === s}
            onClick={() => dispatch({ type: "speed", speed: s })}
            className={`focus-ring px-1.5 py-0.5 text-sm ${speed === s ? "bg-slate-900 text-white" : "bg-white text-slate-800"}`}
            data-testid={`replay-speed-${s}`}
          >
            {s}×
          </button>
        ))}
      </div>
      {onExit && (
        <button type="button" className="focus-ring btn-quiet" onClick={onExit} data-testid="replay-exit">
          Back to live
        </button>
      )}
    </div>
  );
}
