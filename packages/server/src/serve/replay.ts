// Replays recorded flows into a live server again and again, moved to the present, so a demo's metrics and alerts stay live.
import type { Flow } from "@netward/core";

/** Where replayed flows go, and the clock and timer to use. */
export interface ReplayTarget {
  add(flows: readonly Flow[]): Promise<unknown>;
  now?: () => number;
}

/** The flows moved so the latest starts at `now`, keeping their spacing and durations (and their time as real). */
export function movedToNow(flows: readonly Flow[], now: number): Flow[] {
  if (flows.length === 0) return [];
  const latest = Math.max(...flows.map((f) => f.start));
  return flows.map((f) => {
    const moved: Flow = { ...f, start: now - (latest - f.start), end: now - (latest - f.end) };
    delete moved.timeRelative;
    return moved;
  });
}

/** Replays `flows` now and then every `everyMs`; the returned function stops it (a replay under way finishes). */
export function startReplay(
  flows: readonly Flow[],
  target: ReplayTarget,
  everyMs: number,
  onError: (err: unknown) => void,
): () => void {
  const now = target.now ?? Date.now;
  let running = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => target.add(movedToNow(flows, now())))
      .then(
        () => undefined,
        (err: unknown) => onError(err),
      );
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
