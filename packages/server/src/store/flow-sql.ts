// Turns a flow query into a SQL condition with parameters, with exactly the meaning matchFlowQuery gives it.
import type { Query } from "@netward/core";
import { flowFields, numericFields, type FlowField } from "./flow-store.js";

/** A SQL condition and its positional parameters. */
export interface SqlCondition {
  sql: string;
  params: (string | number)[];
}

const like = (pattern: string) =>
  pattern
    .replace(/[\\%_]/g, "\\$&")
    .replace(/\*/g, "%")
    .replace(/\?/g, "_");

/** The SQL for a parsed query, numbering parameters from `first`; field names must be known (see flowFields). */
export function querySql(query: Query, first = 1): SqlCondition {
  const params: (string | number)[] = [];
  const param = (v: string | number) => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  const walk = (q: Query): string => {
    switch (q.kind) {
      case "all":
        return "TRUE";
      case "not":
        return `(NOT ${walk(q.operand)})`;
      case "and":
      case "or":
        return `(${walk(q.operands[0])} ${q.kind === "and" ? "AND" : "OR"} ${walk(q.operands[1])})`;
      case "compare": {
        const field = q.key as FlowField;
        const column = flowFields[field];
        const n = Number(q.value);
        const numeric = numericFields.has(field) && q.value.trim() !== "" && Number.isFinite(n);
        const left = numeric ? column : `CAST(${column} AS VARCHAR)`;
        const right = param(numeric ? n : q.value);
        if (q.op === "!=") return `(${left} IS NULL OR ${left} <> ${right})`;
        if (q.op === "=") return `COALESCE(${left} = ${right}, FALSE)`;
        return `COALESCE(${left} ${q.op} ${right}, FALSE)`;
      }
      case "in": {
        const column = `CAST(${flowFields[q.key as FlowField]} AS VARCHAR)`;
        const any = q.values.map((v) => `${column} LIKE ${param(like(v))} ESCAPE '\\'`).join(" OR ");
        const found = `COALESCE(${any}, FALSE)`;
        return q.negated ? `(NOT ${found})` : found;
      }
    }
  };
  return { sql: walk(query), params };
}
