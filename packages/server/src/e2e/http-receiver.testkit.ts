// Test helper: a Slack-compatible webhook receiver on loopback that records every body posted to any path and answers 200 "ok".
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got: its method, path, body (parsed JSON, or the text when not JSON) and arrival time (ms since epoch). */
export interface ReceivedPost {
  method: string;
  path: string;
  body: unknown;
  receivedAt: number;
}

/** A running receiver: its base URL, the requests so far, and close. */
export interface HttpReceiver {
  url: string;
  posts: ReceivedPost[];
  close(): Promise<void>;
}

/** Parses `text` as JSON, or keeps it as text. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts the receiver on 127.0.0.1 at a port the OS picks. */
export async function startHttpReceiver(): Promise<HttpReceiver> {
  const posts: ReceivedPost[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      posts.push({
        method: request.method ?? "",
        path: request.url ?? "",
        body: jsonOrText(Buffer.concat(chunks).toString("utf8")),
        receivedAt: Date.now(),
      });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
