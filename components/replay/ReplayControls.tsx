"use client";

import { SPEEDS, type Playback, type PlaybackAction } from "@/lib/ui/playback";

type Props = { playback: Playback; dispatch: (action: PlaybackAction) => void; onExit?: () => void };

/** Play, pause, step and speed for a replay; the presenter's way to slow a run down. */
export function ReplayControls({ playback, dispatch, onExit }: Props) {
  const { cursor, events, playing, speed } = playback;
  return (
    <div role="toolbar" aria-label="Replay" className="flex flex-wrap items-center gap-1.5" data-testid="replay-controls">
      <button type="button" className="focus-ring btn-quiet" onClick={() => dispatch({ type: playing ? "pause" : "play" })} data-testid="replay-play">
        {playing ? "Pause" : cursor >= events.length && events.length > 0 ? "Play again" : "Play"}
      </button>
      <button type="button" className="focus-ring btn-quiet" onClick={() => dispatch({ type: "step" })} disabled={playing || cursor >= events.length} data-testid="replay-step">
        Step
      </button>
      <button type="button" className="focus-ring btn-quiet" onClick={() => dispatch({ type: "restart" })} disabled={cursor === 0} data-testid="replay-restart">
        Restart
      </button>
      <div role="radiogroup" aria-label="Speed" className="flex overflow-hidden rounded-md border border-slate-300">
        {SPEEDS.map((s) => (
          <button key={s} type="button" role="radio" aria-checked={speed === s} onClick={() => dispatch({ type: "speed", speed: s })} className={`focus-ring px-2 py-0.5 text-sm ${speed === s ? "bg-slate-900 text-white" : "bg-white text-slate-800"}`} data-testid={`replay-speed-${s}`}>
            {s}×
          </button>
        ))}
      </div>
      <span className="min-w-[5.5rem] text-right font-mono text-xs text-slate-700" aria-live="off">{cursor}/{events.length} events</span>
      {onExit && <button type="button" className="focus-ring btn-quiet" onClick={onExit} data-testid="replay-exit">Back to live</button>}
    </div>
  );
}
