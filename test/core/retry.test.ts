/** The pure retry policy, table by table: classification, backoff timing and Retry-After parsing. No sockets. */
import {
  AttemptOutcome,
  classifyOutcome,
  DEFAULT_RETRY_POLICY,
  FailureClass,
  parseRetryAfter,
  retryDelay,
} from "../../src/core/retry";
import type { CloudName } from "../../src/core/errors";

describe("classifyOutcome", () => {
  it.each<[CloudName, AttemptOutcome, FailureClass]>([
    ["huawei", { kind: "network", code: "ECONNREFUSED" }, "unsent"],
    ["huawei", { kind: "network", code: "ENOTFOUND" }, "unsent"],
    ["alibaba", { kind: "network", code: "CONNECT_TIMEOUT" }, "unsent"],
    ["huawei", { kind: "network", code: "ECONNRESET" }, "ambiguous"],
    ["huawei", { kind: "network", code: "TIMEOUT" }, "ambiguous"],
    ["alibaba", { kind: "network", code: "SOMETHING_NEW" }, "ambiguous"],
    ["huawei", { kind: "network", code: "RESPONSE_TOO_LARGE" }, "fatal"],
    ["huawei", { kind: "response", status: 500, code: "APIG.9008" }, "throttled"],
    ["huawei", { kind: "response", status: 429, code: "APIG.0308" }, "throttled"],
    ["huawei", { kind: "response", status: 429 }, "throttled"],
    ["alibaba", { kind: "response", status: 400, code: "Throttling.User" }, "throttled"],
    ["alibaba", { kind: "response", status: 400, code: "Rejected.Throttling" }, "throttled"],
    ["huawei", { kind: "response", status: 500, code: "APIG.9999" }, "ambiguous"],
    ["alibaba", { kind: "response", status: 200, code: "ServiceUnavailable" }, "ambiguous"],
    ["huawei", { kind: "response", status: 502 }, "ambiguous"],
    ["huawei", { kind: "response", status: 503 }, "ambiguous"],
    ["huawei", { kind: "response", status: 504 }, "ambiguous"],
    ["huawei", { kind: "response", status: 501 }, "fatal"],
    ["huawei", { kind: "response", status: 401, code: "APIGW.0301" }, "fatal"],
    ["alibaba", { kind: "response", status: 400, code: "SignatureDoesNotMatch" }, "fatal"],
    ["huawei", { kind: "response", status: 404, code: "APIG.3023" }, "fatal"],
    // A throttling code of the other cloud is not throttling here.
    ["alibaba", { kind: "response", status: 400, code: "APIG.0308" }, "fatal"],
  ])("%s %j is %s", (cloud, outcome, expected) => {
    expect(classifyOutcome(cloud, outcome)).toBe(expected);
  });
});

describe("retryDelay", () => {
  const policy = { ...DEFAULT_RETRY_POLICY };

  it("never retries a fatal failure, nor past maxAttempts", () => {
    expect(retryDelay(1, "fatal", policy, () => 0.5)).toBeUndefined();
    expect(retryDelay(policy.maxAttempts, "throttled", policy, () => 0.5)).toBeUndefined();
    expect(retryDelay(policy.maxAttempts - 1, "throttled", policy, () => 0.5)).toBeDefined();
  });

  it.each([
    [1, 250],
    [2, 500],
    [3, 1000],
    [4, 2000],
    [5, 4000],
  ])("full jitter below base·2^(n-1): attempt %i waits in [0, %i)", (attempt, ceiling) => {
    const many = { ...policy, maxAttempts: 20 };
    expect(retryDelay(attempt, "ambiguous", many, () => 0)).toBe(0);
    expect(retryDelay(attempt, "ambiguous", many, () => 0.999999)).toBe(ceiling - 1);
  });

  it("caps the backoff at maxDelayMs", () => {
    const many = { ...policy, maxAttempts: 20 };
    expect(retryDelay(12, "unsent", many, () => 0.999999)).toBe(policy.maxDelayMs - 1);
  });

  it("honours a server's Retry-After, capped at maxRetryAfterMs, instead of the backoff", () => {
    expect(retryDelay(1, "throttled", policy, () => 0.999, 1200)).toBe(1200);
    expect(retryDelay(1, "throttled", policy, () => 0.999, 0)).toBe(0);
    expect(retryDelay(1, "throttled", policy, () => 0.999, 10 * 60_000)).toBe(policy.maxRetryAfterMs);
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-12-01T10:00:00Z");
  it.each<[Record<string, string>, number | undefined]>([
    [{}, undefined],
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": " 0 " }, 0],
    [{ "retry-after": "Tue, 01 Dec 2026 10:00:05 GMT" }, 5000],
    [{ "retry-after": "Tue, 01 Dec 2026 09:59:00 GMT" }, 0],
    [{ "retry-after": "soon" }, undefined],
    [{ "x-acs-retry-after": "1500" }, 1500],
    [{ "x-acs-retry-after": "250", "retry-after": "9" }, 250],
    [{ "x-acs-retry-after": "abc", "retry-after": "2" }, 2000],
  ])("%j → %s ms", (headers, expected) => {
    expect(parseRetryAfter(headers, now)).toBe(expected);
  });
});
