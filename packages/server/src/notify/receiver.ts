// The receiver interface: one way of delivering a notification, and what came of one attempt.
import type { Notification } from "./notification.js";

/** What one delivery attempt came to: delivered, worth retrying (after a delay the receiver asked for), or refused for good. */
export type Delivery =
  | { outcome: "delivered" }
  | { outcome: "retry"; reason: string; afterMs?: number }
  | { outcome: "failed"; reason: string };

/** Delivers notifications somewhere; never throws (a failure is a Delivery), and never puts secrets in reasons. */
export interface Receiver {
  readonly name: string;
  readonly kind: "slack" | "email" | "webhook" | "alertmanager";
  send(n: Notification, signal?: AbortSignal): Promise<Delivery>;
}

/** The delivery of an HTTP answer: 2xx delivered, 429 and 5xx retried (honouring Retry-After), other 4xx failed. */
export function httpDelivery(status: number, retryAfter: string | null, now: number): Delivery {
  if (status >= 200 && status < 300) return { outcome: "delivered" };
  if (status === 429 || status >= 500) {
    const out: Delivery = { outcome: "retry", reason: `the receiver answered ${status}` };
    const after = retryAfterMs(retryAfter, now);
    if (after !== undefined) out.afterMs = after;
    return out;
  }
  return { outcome: "failed", reason: `the receiver answered ${status}` };
}

/** Milliseconds a Retry-After header asks to wait: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** POSTs JSON to a URL and turns the answer (or a network failure) into a Delivery without echoing the URL. */
export async function postJSON(url: string, body: unknown, signal?: AbortSignal): Promise<Delivery> {
  try {
    const init: RequestInit = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    };
    if (signal !== undefined) init.signal = signal;
    const response = await fetch(url, init);
    await response.arrayBuffer();
    return httpDelivery(response.status, response.headers.get("retry-after"), Date.now());
  } catch (err) {
    const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
    const code = cause?.code ?? cause?.errors?.[0]?.code;
    return { outcome: "retry", reason: `the request failed${code ? ` (${code})` : ""}` };
  }
}
