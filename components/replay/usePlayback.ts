"use client";

import { useCallback, useEffect, useReducer, useState } from "react";
import { EMPTY_PLAYBACK, nextDelay, playbackReducer } from "@/lib/ui/playback";
import { fetchRunEvents } from "@/lib/ui/trace-schema";

/** A stored run (GET /api/runs/{id}) played back through the live reducer. */
export function usePlayback() {
  const [playback, dispatch] = useReducer(playbackReducer, EMPTY_PLAYBACK);
  const [loading, setLoading] = useState<{ runId: string } | { error: string } | null>(null);

  useEffect(() => {
    if (!playback.playing) return;
    const timer = setTimeout(() => dispatch({ type: "step" }), nextDelay(playback));
    return () => clearTimeout(timer);
  }, [playback]);

  const load = useCallback(async (runId: string, play: boolean) => {
    setLoading({ runId });
    try {
      const events = await fetchRunEvents(runId);
      dispatch({ type: "load", events, play });
      setLoading(null);
    } catch (error) {
      setLoading({ error: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  return { playback, dispatch, load, loading: loading && "runId" in loading, error: loading && "error" in loading ? loading.error : null };
}
