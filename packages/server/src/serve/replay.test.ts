// Tests for replaying recorded flows: moved to the present with their spacing kept, again on every tick.
import type { Flow } from "@netward/core";
import { describe, expect, it } from "vitest";
import { movedToNow, startReplay } from "./replay.js";

const flow = (start: number, end: number, extra: Partial<Flow> = {}): Flow => ({
  start,
  end,
  src: { ip: "10.0.0.1" },
  dst: { ip: "10.0.0.2", port: 80 },
  protocol: 6,
  count: 1,
  origin: { format: "netward-jsonl" },
  ...extra,
});

describe("replay", () => {
  it("moves flows so the latest starts now, keeping spacing and durations", () => {
    const moved = movedToNow([flow(1_000, 1_500), flow(4_000, 4_000, { timeRelative: true })], 100_000);
    expect(moved.map((f) => [f.start, f.end, f.timeRelative])).toEqual([
      [97_000, 97_500, undefined],
      [100_000, 100_000, undefined],
    ]);
    expect(movedToNow([], 5)).toEqual([]);
  });

  it("replays at once and on every tick until stopped", async () => {
    const batches: number[][] = [];
    let clock = 50_000;
    const stop = startReplay(
      [flow(10, 10)],
      {
        add: (flows) => {
          batches.push(flows.map((f) => f.start));
          return Promise.resolve();
        },
        now: () => (clock += 1_000),
      },
      10,
      (err) => {
        throw err;
      },
    );
    const deadline = Date.now() + 10_000;
    while (batches.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    stop();
    expect(batches.slice(0, 3)).toEqual([[51_000], [52_000], [53_000]]);
  });
});
