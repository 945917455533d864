/**
 * Shared emulator scaffolding for tests that drive the real clients or providers against the emulator:
 * its unsigned admin API (`/_emulator/...`), the request log, and a per-file emulator with provider env set.
 */
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../src/emulator";
import { setProviderConfig } from "../../src/core/stackConfig";

/** Unsigned admin call (`path` includes the `/_emulator` prefix): JSON in and out, throws on status ≥ 300. */
export async function adminCall(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The emulator's request log, oldest first. */
export async function requestLog<T = { method: string; path: string; service: string; action: string; status: number }>(
  url: string,
): Promise<T[]> {
  return ((await adminCall(url, "GET", "/_emulator/requests")) as { requests: T[] }).requests;
}

export interface EmulatorEnvOptions {
  /** Passed to `startEmulator`; defaults to `{ port: 0 }`. */
  emulator?: EmulatorOptions;
}

/**
 * Starts an emulator for the test file, points the provider env at it (`env(url)` is merged into
 * `process.env`), clears the stack config, and restores `process.env` (as it was when called) and closes
 * the emulator afterwards. Resetting the emulator between tests is left to the caller.
 */
export function useEmulatorEnv(
  env: (url: string) => Record<string, string>,
  options: EmulatorEnvOptions = {},
): { url(): string } {
  const savedEnv = { ...process.env };
  let running: RunningEmulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(options.emulator ?? { port: 0 });
    Object.assign(process.env, { CANARY_MESH_ENDPOINT: running.url, ...env(running.url) });
    setProviderConfig(() => undefined);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await running?.close();
  });
  return {
    url(): string {
      if (!running) throw new Error("the emulator is not running (use url() inside hooks and tests)");
      return running.url;
    },
  };
}
