// A FlowStore whose calls run one after another, so several writers (live ingest, followed files) can share one connection.
import type { FlowStore } from "./flow-store.js";

/** Wraps a store so each call starts only when the previous one has finished (a failure does not block the next). */
export function serialStore(store: FlowStore): FlowStore {
  let last: Promise<unknown> = Promise.resolve();
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
  return {
    insert: (rows) => run(() => store.insert(rows)),
    ingest: (source, rows) => run(() => store.ingest(source, rows)),
    advance: (cursor, rows) => run(() => store.advance(cursor, rows)),
    cursor: (file) => run(() => store.cursor(file)),
    select: (s) => run(() => store.select(s)),
    group: (s) => run(() => store.group(s)),
    deleteBefore: (before) => run(() => store.deleteBefore(before)),
    size: () => run(() => store.size()),
    shrinkTo: (bytes) => run(() => store.shrinkTo(bytes)),
    schemaVersion: () => run(() => store.schemaVersion()),
    close: () => run(() => store.close()),
  };
}
