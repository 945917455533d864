/**
 * A real Prometheus server for the rollout's metric gates (Debian's `prometheus` package, which `.ci/run` installs),
 * started on a free port with a generated config that scrapes a small exporter in the test process every second.
 * The exporter's series are `prom-client` gauges the test sets. Without the `prometheus` binary this throws: a test
 * that needs the server fails, it never skips.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Gauge, Registry } from "prom-client";

export interface RunningPrometheus {
  /** Base URL of the HTTP API (`/api/v1/query` is appended by the gate). */
  url: string;
  /** `canary_error_ratio{channel}`: the share of failed requests the test says the canary has. */
  errorRatio: Gauge<"channel">;
  /** `canary_requests{channel}`: requests in the window (0 makes ratios NaN). */
  requests: Gauge<"channel">;
  /** Resolves once Prometheus has scraped the values set so far. */
  scraped(): Promise<void>;
  /** The raw answer of an instant query, as the gate sees it. */
  query(promql: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

const listen = (server: http.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

async function freePort(): Promise<number> {
  const probe = http.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The `prometheus` binary, or an error saying how CI provides it. */
function prometheusBinary(): string {
  try {
    const found = execFileSync("bash", ["-c", "command -v prometheus"], { encoding: "utf8" }).trim();
    if (found) return found;
  } catch {
    // Not on PATH.
  }
  throw new Error(
    "The prometheus binary is required by the metric-gate tests: install Debian's package (apt-get install prometheus; .ci/run does)",
  );
}

export async function startPrometheus(): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const registry = new Registry();
  const errorRatio = new Gauge({
    name: "canary_error_ratio",
    help: "failed share",
    labelNames: ["channel"],
    registers: [registry],
  });
  const requests = new Gauge({
    name: "canary_requests",
    help: "requests",
    labelNames: ["channel"],
    registers: [registry],
  });
  let scrapes = 0;
  const exporter = http.createServer(async (_req, res) => {
    scrapes++;
    res.setHeader("content-type", registry.contentType);
    res.end(await registry.metrics());
  });
  const exporterPort = await listen(exporter);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-prometheus-"));
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: canary",
      `    static_configs: [{ targets: ["127.0.0.1:${exporterPort}"] }]`,
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // The lookback is how long a series stays visible after its last sample: keep it short, so a value the test
      // removes is gone within seconds.
      "--query.lookback-delta=3s",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;

  const query = async (promql: string) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return { status: res.status, body };
  };
  const until = async (what: string, ok: () => Promise<boolean>, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
      if (await ok().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`prometheus: timed out waiting for ${what}: ${stderr}`);
  };
  await until("readiness", async () => (await fetch(`${url}/-/ready`)).ok);
  await until("the exporter's target to be up", async () => {
    const { body } = await query('up{job="canary"}');
    const result = (body as { data?: { result?: Array<{ value: [number, string] }> } }).data?.result ?? [];
    return result[0]?.value[1] === "1";
  });

  return {
    url,
    errorRatio,
    requests,
    // Two scrapes after now: the newest values are in.
    async scraped() {
      const target = scrapes + 2;
      await until("two more scrapes", async () => scrapes >= target, 10_000);
      await new Promise((r) => setTimeout(r, 300));
    },
    query,
    async close() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)));
      await new Promise((resolve) => exporter.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
