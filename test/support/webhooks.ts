/** A webhook receiver for tests: records every JSON POST by path and answers the status set for that path. */
import http from "node:http";
import { AddressInfo } from "node:net";

export interface WebhookReceiver {
  url: string;
  /** The status each path answers (default 200). */
  answer: Map<string, number>;
  /** Every request received: path, body, headers. */
  received: Array<{ path: string; body: Record<string, unknown>; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const answer = new Map<string, number>();
  const received: WebhookReceiver["received"] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: req.headers });
      res.statusCode = answer.get(path) ?? 200;
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
