/**
 * `--state` persistence (restart, two processes sharing a file), call recording, and the `canary-mesh-emulator`
 * command line.
 */
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { startEmulator } from "../../src/emulator";
import { CliUsageError, parseCliArgs, runCli } from "../../src/emulator/main";
import { admin, channelsPath, huawei, sae } from "../support/emulator";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "canary-mesh-emulator-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const channel = {
  name: "persisted",
  port: 80,
  balance_strategy: 1,
  member_type: "ip",
  members: [{ host: "10.0.0.1" }],
};

describe("--state persistence", () => {
  it("keeps the state across a restart", async () => {
    const stateFile = join(dir, "nested", "state.json");
    const first = await startEmulator({ stateFile });
    const created = await huawei(first.url, "POST", channelsPath(), { body: channel });
    await admin(first.url, "POST", "/alibaba/sae/grey-tag-routes", { GreyTagRouteId: 3, AppId: "a", Name: "r" });
    await first.close();

    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    expect(saved.version).toBe(1);
    expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]); // no temp files left behind

    const second = await startEmulator({ stateFile });
    try {
      const shown = await huawei(second.url, "GET", `${channelsPath()}/${created.body.id}`);
      expect(shown.status).toBe(200);
      expect(shown.body.members[0].host).toBe("10.0.0.1");
      expect((await sae(second.url, "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "3"]])).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("lets two emulators sharing a file agree", async () => {
    const stateFile = join(dir, "shared.json");
    const a = await startEmulator({ stateFile });
    const b = await startEmulator({ stateFile });
    try {
      const created = await huawei(a.url, "POST", channelsPath(), { body: channel });
      const path = `${channelsPath()}/${created.body.id}`;
      expect((await huawei(b.url, "GET", path)).status).toBe(200);
      expect((await huawei(b.url, "DELETE", path)).status).toBe(204);
      expect((await huawei(a.url, "GET", path)).status).toBe(404);
      await admin(a.url, "POST", "/reset");
      expect((await admin(b.url, "GET", "/state")).body.huaweiApig.channels).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("call recording", () => {
  it("appends each routed cloud call as a JSON line (admin calls and unknown routes are not recorded)", async () => {
    const record = join(dir, "calls");
    const em = await startEmulator({ record });
    try {
      await admin(em.url, "POST", "/reset");
      expect((await huawei(em.url, "POST", channelsPath(), { body: channel })).status).toBe(201);
      await sae(em.url, "GET", "DescribeGreyTagRoute", [["GreyTagRouteId", "16"]]);
      await huawei(em.url, "GET", "/v2/nowhere");
    } finally {
      await em.close();
    }
    const [file] = readdirSync(record);
    const calls = readFileSync(join(record, file!), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(calls).toEqual([
      {
        service: "huawei-apig",
        action: "CreateVpcChannel",
        method: "POST",
        path: channelsPath(),
        query: [],
        body: JSON.stringify(channel),
        contentType: "application/json",
      },
      expect.objectContaining({
        service: "alibaba-sae",
        action: "DescribeGreyTagRoute",
        query: [["GreyTagRouteId", "16"]],
      }),
    ]);
  });
});

describe("command line", () => {
  it("parses flags in both forms and refuses unknown or invalid ones", () => {
    expect(
      parseCliArgs(["--port", "0", "--host=0.0.0.0", "--state", "s.json", "--seed=f.json", "--no-verify"]),
    ).toEqual({
      help: false,
      options: { port: 0, host: "0.0.0.0", stateFile: "s.json", seed: "f.json", verifySignatures: false },
    });
    expect(parseCliArgs(["--fault-seed", "9", "--rate-limit=5"])).toEqual({
      help: false,
      options: { faultSeed: 9, rateLimitPerSecond: 5 },
    });
    expect(parseCliArgs(["--state", "x", "--help"])).toEqual({ help: true });
    expect(() => parseCliArgs(["--port", "70000"])).toThrow(CliUsageError);
    expect(() => parseCliArgs(["--port"])).toThrow(CliUsageError);
    expect(() => parseCliArgs(["--verbose"])).toThrow(/unknown option --verbose/);
    expect(parseCliArgs(["--admin-token", "0123456789abcdef"])).toEqual({
      help: false,
      options: { adminToken: "0123456789abcdef" },
    });
    expect(() => parseCliArgs(["--admin-token=short"])).toThrow(/--admin-token needs at least 16 characters/);
  });

  it("prints the listening URL first and serves every service", async () => {
    const lines: string[] = [];
    const running = await runCli(["--port", "0"], (line) => lines.push(line));
    try {
      expect(lines[0]).toBe(`canary-mesh emulator listening on http://127.0.0.1:${running!.port}`);
      expect((await huawei(running!.url, "GET", channelsPath())).status).toBe(200);
    } finally {
      await running!.close();
    }
    const help: string[] = [];
    expect(await runCli(["--help"], (line) => help.push(line))).toBeUndefined();
    expect(help[0]).toMatch(/^Usage: canary-mesh-emulator/);
  });

  const root = resolve(__dirname, "../..");
  const dist = join(root, "dist/emulator/main.js");

  /** True when `npm run build` produced dist/ after the last change to the emulator's sources. */
  function distIsFresh(): boolean {
    if (!existsSync(dist)) return false;
    const sources = readdirSync(join(root, "src/emulator"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => statSync(join(root, "src/emulator", f)).mtimeMs);
    return statSync(dist).mtimeMs >= Math.max(...sources);
  }

  /** The compiled bin when it is up to date, else the sources through a transpile-on-require hook. */
  function spawnBin(args: string[]): ChildProcess {
    const argv = distIsFresh()
      ? [dist, ...args]
      : ["-r", join(__dirname, "fixtures/register-ts.js"), join(root, "src/emulator/main.ts"), ...args];
    return spawn(process.execPath, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  }

  function firstLine(child: ChildProcess): Promise<string> {
    return new Promise((resolveLine, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once("line", (line) => resolveLine(line));
      child.once("exit", (code) => reject(new Error(`exited with ${code} before printing`)));
    });
  }

  function exitCode(child: ChildProcess): Promise<number | null> {
    return new Promise((resolveCode) => child.once("exit", (code) => resolveCode(code)));
  }

  it("runs as a process: first line is the URL, SIGTERM stops it cleanly, --state survives a restart", async () => {
    const stateFile = join(dir, "bin-state.json");
    const first = spawnBin(["--port", "0", "--state", stateFile]);
    const line = await firstLine(first);
    expect(line).toMatch(/^canary-mesh emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.replace("canary-mesh emulator listening on ", "");
    const created = await huawei(url, "POST", channelsPath(), { body: channel });
    expect(created.status).toBe(201);
    first.kill("SIGTERM");
    expect(await exitCode(first)).toBe(0);

    const second = spawnBin(["--port=0", `--state=${stateFile}`, "--no-verify"]);
    const url2 = (await firstLine(second)).replace("canary-mesh emulator listening on ", "");
    try {
      expect((await huawei(url2, "GET", `${channelsPath()}/${created.body.id}`)).status).toBe(200);
    } finally {
      second.kill("SIGINT");
      expect(await exitCode(second)).toBe(0);
    }
  });

  it("exits with status 2 and the usage on a bad flag", async () => {
    const child = spawnBin(["--bogus"]);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitCode(child)).toBe(2);
    expect(stderr).toContain("unknown option --bogus");
    expect(stderr).toContain("Usage: canary-mesh-emulator");
  });
});
