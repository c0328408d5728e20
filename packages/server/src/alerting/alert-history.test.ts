// Tests for the notification history file: replayed on opening (a torn line skipped), bounded, and compacted.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { groupNote } from "../notify/notification.testkit.js";
import { AlertHistory } from "./alert-history.js";

const dir = mkdtempSync(join(tmpdir(), "netward-history-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("alert history", () => {
  it("comes back after a restart as it was, skipping a torn last line", () => {
    const path = join(dir, "a.jsonl");
    const before = new AlertHistory(path, () => undefined);
    before.queued("team/webhook", "id-1", groupNote("a"), 1000, false);
    before.settled(
      { id: "id-1", receiver: "team/webhook", notification: groupNote("a"), enqueuedAt: 1000 },
      {
        sent: true,
        at: 1500,
      },
    );
    before.queued("team/webhook", "id-1", groupNote("a"), 2000, true);
    before.queued("team/slack", "id-2", groupNote("b"), 3000, false);
    appendFileSync(path, '{"key":"id-3","view":{"id":');
    const after = new AlertHistory(path, () => undefined);
    expect(after.list().map((v) => [v.id, v.integration, v.outcome, v.settledAt])).toEqual([
      ["id-2", "slack", "pending", undefined],
      ["id-1", "webhook", "duplicate", undefined],
      ["id-1", "webhook", "sent", "1970-01-01T00:00:01.500Z"],
    ]);
  });

  it("keeps the last `limit` entries and rewrites a file holding more than twice that", () => {
    const path = join(dir, "b.jsonl");
    const first = new AlertHistory(path, () => undefined, 2);
    for (let i = 0; i < 6; i++) first.queued("team/webhook", `id-${i}`, groupNote(`g${i}`), i, false);
    expect(first.list().map((v) => v.id)).toEqual(["id-5", "id-4"]);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(6);
    const reopened = new AlertHistory(path, () => undefined, 2);
    expect(reopened.list().map((v) => v.id)).toEqual(["id-5", "id-4"]);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("goes on in memory when the file cannot be written, saying so once", () => {
    const logged: string[] = [];
    const history = new AlertHistory(join(dir, "missing", "c.jsonl"), (m) => logged.push(m));
    history.queued("team/webhook", "id-1", groupNote("a"), 1, false);
    history.queued("team/webhook", "id-2", groupNote("b"), 2, false);
    expect(history.list()).toHaveLength(2);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/notification history not saved/);
  });
});
