/** The "wait until" helper behind every gate: pure, with a virtual clock and sleep. */
import { z } from "zod";
import {
  checkGateTiming,
  gateTiming,
  gateTimingFields,
  pollDelay,
  waitUntil,
  WaitProgress,
  WaitTimeoutError,
} from "../../src/core/poll";

/** A clock that only moves when the helper sleeps (or a read takes `readMs`). */
function virtualClock(readMs = 0) {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    /** Wraps a read so it takes `readMs` of virtual time. */
    timed<T>(read: () => T): () => Promise<T> {
      return async () => {
        now += readMs;
        return read();
      };
    },
  };
}

describe("pollDelay", () => {
  it.each([
    [1, 1000, 1.5, 4000, 1000],
    [2, 1000, 1.5, 4000, 1500],
    [3, 1000, 1.5, 4000, 2250],
    [4, 1000, 1.5, 4000, 3375],
    [5, 1000, 1.5, 4000, 4000],
    [9, 1000, 1.5, 4000, 4000],
    [3, 500, 1, 2000, 500],
  ])("after read %i (interval %i, ×%d, cap %i) pauses %i ms", (reads, interval, backoff, cap, expected) => {
    expect(pollDelay(reads, interval, backoff, cap)).toBe(expected);
  });
});

describe("waitUntil", () => {
  it("returns the first value that is done, reporting progress for each earlier read", async () => {
    const clock = virtualClock();
    const values = [1, 2, 3, 4];
    const progress: WaitProgress[] = [];
    const result = await waitUntil<number>({
      read: clock.timed(() => values.shift()!),
      isDone: (v) => v >= 3,
      describe: (v) => `${v}/3 ready`,
      wanted: "three",
      intervalMs: 100,
      timeoutMs: 10_000,
      now: clock.now,
      sleep: clock.sleep,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toBe(3);
    expect(progress.map((p) => p.message)).toEqual(["1/3 ready", "2/3 ready"]);
    expect(progress.map((p) => p.reads)).toEqual([1, 2]);
    expect(progress.map((p) => p.elapsedMs)).toEqual([0, 100]);
    expect(clock.slept).toEqual([100, 150]);
  });

  it("does not sleep when the first read is already done", async () => {
    const clock = virtualClock();
    const read = jest.fn(async () => "ok");
    await expect(
      waitUntil({
        read,
        isDone: () => true,
        describe: String,
        wanted: "x",
        intervalMs: 100,
        timeoutMs: 1000,
        ...clock,
      }),
    ).resolves.toBe("ok");
    expect(read).toHaveBeenCalledTimes(1);
    expect(clock.slept).toEqual([]);
  });

  it("backs off up to the cap and never sleeps past the deadline, then reads once more at the deadline", async () => {
    const clock = virtualClock();
    let reads = 0;
    const error = await waitUntil({
      read: async () => ++reads,
      isDone: () => false,
      describe: (n) => `read #${n}`,
      wanted: "never",
      intervalMs: 1000,
      timeoutMs: 10_000,
      backoff: 2,
      maxIntervalMs: 3000,
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e: unknown) => e);
    expect(clock.slept).toEqual([1000, 2000, 3000, 3000, 1000]);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError<number>;
    expect(timeout.reads).toBe(6);
    expect(timeout.last).toBe(6);
    expect(timeout.elapsedMs).toBe(10_000);
    expect(timeout.message).toBe("Timed out after 10 s (6 reads) waiting for never. Last seen: read #6");
  });

  it("counts the time reads take against the timeout", async () => {
    const clock = virtualClock(400);
    const error = (await waitUntil<string>({
      read: clock.timed(() => "pending"),
      isDone: () => false,
      describe: (v) => v,
      wanted: "done",
      intervalMs: 500,
      timeoutMs: 2000,
      backoff: 1,
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    // Reads end at 0.4 s, 1.3 s and 2.2 s: the third is past the deadline.
    expect(clock.slept).toEqual([500, 500]);
    expect(error.message).toBe("Timed out after 2.2 s (3 reads) waiting for done. Last seen: pending");
  });

  it("propagates a read error at once", async () => {
    const clock = virtualClock();
    const read = jest.fn(async () => {
      throw new Error("HTTP 403");
    });
    await expect(
      waitUntil({ read, isDone: () => true, describe: String, wanted: "x", intervalMs: 10, timeoutMs: 1000, ...clock }),
    ).rejects.toThrow("HTTP 403");
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("uses the real clock and sleep by default", async () => {
    let n = 0;
    const started = Date.now();
    await expect(
      waitUntil({
        read: async () => ++n,
        isDone: (v) => v === 3,
        describe: String,
        wanted: "3",
        intervalMs: 20,
        timeoutMs: 2000,
        backoff: 1,
      }),
    ).resolves.toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});

describe("gate timing (waitFor fields)", () => {
  const schema = z.object(gateTimingFields).strict().superRefine(checkGateTiming);
  const reasons = (value: unknown) =>
    schema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

  it.each([
    [{ timeoutSeconds: 0 }, "timeoutSeconds: timeoutSeconds must be more than 0"],
    [{ timeoutSeconds: 30000 }, "timeoutSeconds: timeoutSeconds must be at most 21600 (6 hours)"],
    [{ timeoutSeconds: "60" }, "timeoutSeconds: timeoutSeconds must be a number of seconds"],
    [{ intervalSeconds: 0.01 }, "intervalSeconds: intervalSeconds must be at least 0.1"],
    [{ intervalSeconds: 301 }, "intervalSeconds: intervalSeconds must be at most 300"],
    [
      { timeoutSeconds: 2, intervalSeconds: 5 },
      "intervalSeconds: intervalSeconds (5) must not exceed timeoutSeconds (2)",
    ],
  ])("rejects %j", (value, reason) => {
    expect(reasons(value)).toEqual([reason]);
  });

  it("accepts sensible values and fills defaults in milliseconds", () => {
    expect(reasons({ timeoutSeconds: 1.5, intervalSeconds: 0.1 })).toEqual([]);
    expect(gateTiming({})).toEqual({ timeoutMs: 600_000, intervalMs: 5000 });
    expect(gateTiming({ timeoutSeconds: 1.5, intervalSeconds: 0.1 })).toEqual({ timeoutMs: 1500, intervalMs: 100 });
    // An interval left out never exceeds a short timeout.
    expect(reasons({ timeoutSeconds: 2 })).toEqual([]);
    expect(gateTiming({ timeoutSeconds: 2 })).toEqual({ timeoutMs: 2000, intervalMs: 2000 });
  });
});
