// The embedded FlowStore: one DuckDB file, its schema versioned by migrations.
import { join } from "node:path";
import {
  BIGINT,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  TINYINT,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBValue,
} from "@duckdb/node-api";
import type { AggregatedFlow } from "@netward/core";
import { querySql } from "./flow-sql.js";
import {
  flowFields,
  type FileCursor,
  type FlowGroup,
  type FlowSelection,
  type FlowStore,
  type SourceMark,
} from "./flow-store.js";

/** The flows table's definition (also used to rewrite it compactly). */
const flowsTable = (name: string) => `CREATE TABLE ${name} (
      bucket BIGINT NOT NULL, action VARCHAR NOT NULL, level TINYINT NOT NULL,
      src VARCHAR NOT NULL, src_port INTEGER, dst VARCHAR NOT NULL, dst_port INTEGER,
      proto INTEGER NOT NULL, policy VARCHAR,
      num_flows BIGINT NOT NULL, packets BIGINT NOT NULL, bytes BIGINT NOT NULL, drift BIGINT NOT NULL)`;

/** The schema, one step per version: a store at version n has run the first n steps. */
const migrations: readonly string[][] = [
  [flowsTable("flows")],
  ["CREATE TABLE sources (sha256 VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, bytes BIGINT NOT NULL)"],
  [
    `CREATE TABLE cursors (file VARCHAR PRIMARY KEY, identity VARCHAR NOT NULL,
      "offset" BIGINT NOT NULL, line BIGINT NOT NULL)`,
  ],
];

const num = (v: DuckDBValue): number => (typeof v === "bigint" ? Number(v) : Number(v ?? 0));

function toFlow(r: Record<string, DuckDBValue>): AggregatedFlow {
  const out: AggregatedFlow = {
    bucket: num(r["bucket"] ?? null),
    verdict: r["action"] as AggregatedFlow["verdict"],
    level: num(r["level"] ?? null) as AggregatedFlow["level"],
    src: String(r["src"]),
    dst: String(r["dst"]),
    protocol: num(r["proto"] ?? null),
    count: num(r["num_flows"] ?? null),
    packets: num(r["packets"] ?? null),
    bytes: num(r["bytes"] ?? null),
    drift: num(r["drift"] ?? null),
  };
  if (r["src_port"] !== null && r["src_port"] !== undefined) out.srcPort = num(r["src_port"]);
  if (r["dst_port"] !== null && r["dst_port"] !== undefined) out.dstPort = num(r["dst_port"]);
  if (r["policy"] !== null && r["policy"] !== undefined) out.policy = String(r["policy"]);
  return out;
}

/** The flows table's column types, in order. */
const columnTypes = [
  BIGINT,
  VARCHAR,
  TINYINT,
  VARCHAR,
  INTEGER,
  VARCHAR,
  INTEGER,
  INTEGER,
  VARCHAR,
  BIGINT,
  BIGINT,
  BIGINT,
  BIGINT,
];

/** Rows appended per data chunk (DuckDB's vector size). */
const chunkRows = 2048;

/** Rows as the flows table's columns, absent values as NULL. */
function columnsOf(rows: readonly AggregatedFlow[]): DuckDBValue[][] {
  const columns: DuckDBValue[][] = columnTypes.map(() => new Array<DuckDBValue>(rows.length));
  rows.forEach((r, i) => {
    const values = [
      BigInt(r.bucket),
      r.verdict,
      r.level,
      r.src,
      r.srcPort ?? null,
      r.dst,
      r.dstPort ?? null,
      r.protocol,
      r.policy ?? null,
      BigInt(r.count),
      BigInt(r.packets),
      BigInt(r.bytes),
      BigInt(r.drift),
    ];
    values.forEach((v, c) => (columns[c]![i] = v));
  });
  return columns;
}

/** A FlowStore in a DuckDB database file (or `:memory:`). */
class DuckDBFlowStore implements FlowStore {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
  ) {}

  async insert(rows: readonly AggregatedFlow[]): Promise<void> {
    const appender = await this.db.createAppender("flows");
    for (let from = 0; from < rows.length; from += chunkRows) {
      const part = rows.slice(from, from + chunkRows);
      const chunk = DuckDBDataChunk.create(columnTypes, part.length);
      chunk.setColumns(columnsOf(part));
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  }

  async ingest(source: SourceMark, rows: readonly AggregatedFlow[]): Promise<boolean> {
    let added = false;
    await this.#transaction(async () => {
      const seen = await this.db.runAndReadAll("SELECT 1 FROM sources WHERE sha256 = $1", [source.sha256]);
      if (seen.getRows().length > 0) return;
      await this.insert(rows);
      await this.db.run("INSERT INTO sources VALUES ($1, $2, $3)", [
        source.sha256,
        source.name,
        source.bytes,
      ]);
      added = true;
    });
    return added;
  }

  async advance(cursor: FileCursor, rows: readonly AggregatedFlow[]): Promise<void> {
    await this.#transaction(async () => {
      await this.insert(rows);
      await this.db.run("INSERT OR REPLACE INTO cursors VALUES ($1, $2, $3, $4)", [
        cursor.file,
        cursor.identity,
        cursor.offset,
        cursor.line,
      ]);
    });
  }

  async cursor(file: string): Promise<FileCursor | undefined> {
    const reader = await this.db.runAndReadAll(`SELECT * FROM cursors WHERE file = $1`, [file]);
    const r = reader.getRowObjects()[0];
    if (r === undefined) return undefined;
    return {
      file,
      identity: String(r["identity"]),
      offset: num(r["offset"] ?? null),
      line: num(r["line"] ?? null),
    };
  }

  async #transaction(work: () => Promise<void>): Promise<void> {
    await this.db.run("BEGIN TRANSACTION");
    try {
      await work();
      await this.db.run("COMMIT");
    } catch (err) {
      await this.db.run("ROLLBACK");
      throw err;
    }
  }

  #where(s: FlowSelection): { sql: string; params: (string | number)[] } {
    const cond = s.filter ? querySql(s.filter, 3) : { sql: "TRUE", params: [] };
    return { sql: `bucket >= $1 AND bucket < $2 AND ${cond.sql}`, params: [s.from, s.to, ...cond.params] };
  }

  async select(s: FlowSelection): Promise<AggregatedFlow[]> {
    const where = this.#where(s);
    const limit = s.top !== undefined ? ` LIMIT ${Math.max(0, Math.floor(s.top))}` : "";
    const order = s.top !== undefined ? "num_flows DESC, bucket DESC" : "bucket DESC, num_flows DESC";
    const reader = await this.db.runAndReadAll(
      `SELECT * FROM flows WHERE ${where.sql} ORDER BY ${order}, src, dst, dst_port${limit}`,
      where.params,
    );
    return reader.getRowObjects().map(toFlow);
  }

  async group(s: FlowSelection & { groupBy: (keyof typeof flowFields)[] }): Promise<FlowGroup[]> {
    const where = this.#where(s);
    const columns = s.groupBy.map((f) => `${flowFields[f]} AS "${f}"`);
    const keys = s.groupBy.map((f) => flowFields[f]);
    const limit = s.top !== undefined ? ` LIMIT ${Math.max(0, Math.floor(s.top))}` : "";
    const sql = `SELECT ${[...columns, "SUM(num_flows) AS n", "SUM(packets) AS p", "SUM(bytes) AS b", "SUM(drift) AS d"].join(", ")}
      FROM flows WHERE ${where.sql}${keys.length > 0 ? ` GROUP BY ${keys.join(", ")}` : ""}
      ORDER BY n DESC${keys.length > 0 ? `, ${keys.map((k) => `${k} NULLS FIRST`).join(", ")}` : ""}${limit}`;
    const reader = await this.db.runAndReadAll(sql, where.params);
    return reader.getRowObjects().map((r) => ({
      key: Object.fromEntries(
        s.groupBy.map((f) => {
          const v = r[f];
          return [
            f,
            v === null || v === undefined ? null : typeof v === "bigint" ? Number(v) : (v as string | number),
          ];
        }),
      ),
      num_flows: num(r["n"] ?? null),
      packets: num(r["p"] ?? null),
      bytes: num(r["b"] ?? null),
      drift: num(r["d"] ?? null),
    }));
  }

  async deleteBefore(before: number): Promise<number> {
    const reader = await this.db.runAndReadAll("DELETE FROM flows WHERE bucket < $1", [before]);
    const row = reader.getRows()[0];
    return row ? num(row[0] ?? null) : 0;
  }

  async size(): Promise<number> {
    await this.db.run("CHECKPOINT");
    const reader = await this.db.runAndReadAll("PRAGMA database_size");
    const r = reader.getRowObjects()[0];
    return num(r?.["used_blocks"] ?? null) * num(r?.["block_size"] ?? null);
  }

  async shrinkTo(bytes: number): Promise<number> {
    let gone = 0;
    for (let round = 0; round < 8; round++) {
      const used = await this.size();
      const count = num((await this.db.runAndReadAll("SELECT COUNT(*) FROM flows")).getRows()[0]?.[0] ?? 0);
      if (used <= bytes || count === 0) break;
      const drop = Math.max(1, Math.ceil(count * (1 - (0.9 * bytes) / used)));
      const cut = await this.db.runAndReadAll("SELECT bucket FROM flows ORDER BY bucket LIMIT 1 OFFSET $1", [
        Math.min(drop, count) - 1,
      ]);
      const before = num(cut.getRows()[0]?.[0] ?? 0);
      await this.#transaction(async () => {
        const deleted = await this.db.runAndReadAll("DELETE FROM flows WHERE bucket <= $1", [before]);
        gone += num(deleted.getRows()[0]?.[0] ?? 0);
        await this.db.run(flowsTable("flows_compact"));
        await this.db.run("INSERT INTO flows_compact SELECT * FROM flows ORDER BY bucket");
        await this.db.run("DROP TABLE flows");
        await this.db.run("ALTER TABLE flows_compact RENAME TO flows");
      });
    }
    return gone;
  }

  async schemaVersion(): Promise<number> {
    const reader = await this.db.runAndReadAll("SELECT COALESCE(MAX(version), 0) FROM netward_schema");
    return num(reader.getRows()[0]?.[0] ?? null);
  }

  close(): Promise<void> {
    this.db.closeSync();
    this.instance.closeSync();
    return Promise.resolve();
  }
}

/** The store's file in a data directory. */
export const storeFileIn = (dir: string): string => join(dir, "flows.duckdb");

/** Opens (creating if needed) a DuckDB flow store and brings its schema up to date. */
export async function openDuckDBStore(path: string): Promise<FlowStore> {
  const instance = await DuckDBInstance.create(path);
  const db = await instance.connect();
  await db.run("CREATE TABLE IF NOT EXISTS netward_schema (version INTEGER NOT NULL)");
  const store = new DuckDBFlowStore(instance, db);
  const at = await store.schemaVersion();
  for (let v = at; v < migrations.length; v++) {
    await db.run("BEGIN TRANSACTION");
    for (const sql of migrations[v]!) await db.run(sql);
    await db.run("INSERT INTO netward_schema VALUES ($1)", [v + 1]);
    await db.run("COMMIT");
  }
  return store;
}
