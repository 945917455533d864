/** The HTTP layer against a real local server that counts requests. */
import http from "node:http";
import { AddressInfo } from "node:net";
import { z } from "zod";
import { HttpClient, quoteLongIntegers, Runtime } from "../../src/core/http";
import { CloudApiError } from "../../src/core/errors";
import { huaweiProtocol } from "../../src/clouds/huawei/protocol";
import { alibabaProtocol } from "../../src/clouds/alibaba/protocol";
import { Secret } from "../../src/core/secrets";
import { verifyHuawei } from "../../src/signing/huawei";
import { parseQueryPairs } from "../../src/signing/encoding";
import { PROJECT_ID as PROJECT } from "../support/fixtures";

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: string; destroy?: boolean };

interface Server {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

async function serve(replies: Reply[] | ((n: number) => Reply)): Promise<Server> {
  const requests: Server["requests"] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const n = requests.length - 1;
      const reply = typeof replies === "function" ? replies(n) : (replies[n] ?? replies[replies.length - 1]!);
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Virtual clock: sleeps advance time instantly and are recorded. */
function virtualRuntime(): Runtime & { slept: number[] } {
  let now = Date.parse("2026-11-25T05:00:00Z");
  const slept: number[] = [];
  let nonce = 0;
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
    nonce: () => `nonce-${nonce++}`,
  };
}

const AUTH = { kind: "aksk" as const, accessKey: "TESTAK", secretKey: new Secret("test-secret-key-value") };
const OK = { id: "x" };
const schema = z.object({ id: z.string() }).passthrough();

function client(url: string, runtime = virtualRuntime(), policy = {}) {
  return { runtime, http: new HttpClient(huaweiProtocol("APIG", url, PROJECT, AUTH), { runtime, policy }) };
}

const get = {
  operation: "ShowVpcChannel",
  request: { method: "GET" as const, path: "/v2/p/x", query: [] as Array<[string, string]>, headers: {} },
  schema,
};
const post = {
  operation: "CreateVpcChannel",
  request: {
    method: "POST" as const,
    path: "/v2/p/x",
    query: [],
    headers: { "content-type": "application/json" },
    body: "{}",
  },
  schema,
};

describe("retries", () => {
  let server: Server;
  afterEach(async () => server?.close());

  it("retries 503 then succeeds, signing every attempt afresh", async () => {
    server = await serve([
      { status: 503, body: { error_code: "APIG.9999", error_msg: "busy" } },
      { status: 200, body: OK },
    ]);
    const { http: c } = client(server.url, virtualRuntime(), { baseDelayMs: 4000 });
    await expect(c.call(get)).resolves.toEqual(OK);
    expect(server.requests).toHaveLength(2);
    const dates = server.requests.map((r) => r.headers["x-sdk-date"]);
    expect(dates[0]).not.toEqual(dates[1]);
    for (const r of server.requests) {
      const [path, query = ""] = r.url.split("?");
      const v = verifyHuawei(
        { method: r.method, path: path!, query: parseQueryPairs(query), headers: r.headers as Record<string, string> },
        () => "test-secret-key-value",
        new Date(Date.parse("2026-11-25T05:00:01Z")),
      );
      expect(v.ok).toBe(true);
    }
  });

  it("never retries a signature failure (401) and says what to check", async () => {
    server = await serve([
      {
        status: 401,
        body: {
          error_code: "APIGW.0301",
          error_msg: "Incorrect IAM authentication information: verify aksk signature fail",
        },
      },
    ]);
    const { http: c } = client(server.url);
    const err = await c.call(get).catch((e) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err.code).toBe("APIGW.0301");
    expect(err.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("retries Huawei APIG.9008 even though it arrives as HTTP 500, and 429 APIG.0308", async () => {
    server = await serve([
      { status: 500, body: { error_code: "APIG.9008", error_msg: "Too many requests" } },
      { status: 429, body: { error_code: "APIG.0308", error_msg: "throttled" } },
      { status: 200, body: OK },
    ]);
    const { http: c } = client(server.url);
    await expect(c.call(post)).resolves.toEqual(OK);
    expect(server.requests).toHaveLength(3);
  });

  it("honours Retry-After up to its cap", async () => {
    server = await serve([
      { status: 429, headers: { "retry-after": "3" }, body: { error_code: "APIG.0308" } },
      { status: 429, headers: { "retry-after": "600" }, body: {} },
      { status: 200, body: OK },
    ]);
    const { http: c, runtime } = client(server.url, virtualRuntime(), { maxRetryAfterMs: 10_000 });
    await c.call(get);
    expect(runtime.slept).toEqual([3000, 10_000]);
  });

  it("uses capped exponential backoff with jitter", async () => {
    server = await serve([
      { status: 503, body: {} },
      { status: 503, body: {} },
      { status: 503, body: {} },
      { status: 200, body: OK },
    ]);
    const { http: c, runtime } = client(server.url, virtualRuntime(), { baseDelayMs: 100, maxDelayMs: 300 });
    await c.call(get);
    expect(runtime.slept).toEqual([50, 100, 150]);
  });

  it("respects the overall deadline and the attempt limit", async () => {
    server = await serve([{ status: 503, body: { error_code: "APIG.9999", error_msg: "down" } }]);
    const { http: c, runtime } = client(server.url, virtualRuntime(), {
      baseDelayMs: 1000,
      maxDelayMs: 1000,
      deadlineMs: 1200,
      maxAttempts: 10,
    });
    const err = await c.call(get).catch((e) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(runtime.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1200);
    expect(server.requests.length).toBeLessThan(10);
    const limited = client(server.url, virtualRuntime(), { maxAttempts: 3 });
    const before = server.requests.length;
    const err2 = await limited.http.call(get).catch((e) => e);
    expect(server.requests.length - before).toBe(3);
    expect(err2.attempts).toBe(3);
  });

  it("does not re-send a POST whose outcome is unknown, unless a reconciliation step says it did not happen", async () => {
    server = await serve([{ status: 503, body: {} }]);
    const { http: c } = client(server.url);
    await expect(c.call(post)).rejects.toBeInstanceOf(CloudApiError);
    expect(server.requests).toHaveLength(1);

    const reconciled = jest.fn(async () => ({ id: "found-by-name" }));
    await expect(c.call({ ...post, reconcile: reconciled })).resolves.toEqual({ id: "found-by-name" });
    expect(reconciled).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(2);

    const notThere = jest.fn(async () => undefined);
    await server.close();
    server = await serve([
      { destroy: true, status: 0 },
      { status: 201, body: OK },
    ]);
    const fresh = client(server.url).http;
    await expect(fresh.call({ ...post, reconcile: notThere })).resolves.toEqual(OK);
    expect(notThere).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(2);
  });

  it("reconciles a create answered with an unreadable success body instead of losing track of it", async () => {
    server = await serve([{ status: 201, raw: "<html>created</html>", headers: { "content-type": "text/html" } }]);
    const reconciled = jest.fn(async () => ({ id: "found-by-name" }));
    await expect(client(server.url).http.call({ ...post, reconcile: reconciled })).resolves.toEqual({
      id: "found-by-name",
    });
    expect(server.requests).toHaveLength(1);
  });

  it("retries connection resets for idempotent calls", async () => {
    server = await serve([
      { destroy: true, status: 0 },
      { status: 200, body: OK },
    ]);
    await expect(client(server.url).http.call(get)).resolves.toEqual(OK);
    expect(server.requests).toHaveLength(2);
  });
});

describe("responses", () => {
  let server: Server;
  afterEach(async () => server?.close());

  it("rejects a body that does not match the wire schema, naming the field", async () => {
    server = await serve([{ status: 200, body: { id: 42 } }]);
    const err = await client(server.url)
      .http.call(get)
      .catch((e) => e);
    expect(err.code).toBe("InvalidResponse");
    expect(err.message).toMatch(/id/);
  });

  it("reports an HTML error page clearly", async () => {
    server = await serve([
      { status: 404, raw: "<html><body><h1>Not Found</h1></body></html>", headers: { "content-type": "text/html" } },
    ]);
    const err = await client(server.url)
      .http.call(get)
      .catch((e) => e);
    expect(err.message).toMatch(/HTML page/);
    expect(err.status).toBe(404);
  });

  it("bounds the response size", async () => {
    server = await serve([{ status: 200, raw: JSON.stringify({ id: "x", pad: "p".repeat(64 * 1024) }) }]);
    const runtime = virtualRuntime();
    const c = new HttpClient(huaweiProtocol("APIG", server.url, PROJECT, AUTH), {
      runtime,
      maxResponseBytes: 1024,
      policy: { maxAttempts: 1 },
    });
    const err = await c.call(get).catch((e) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err.code).toBe("RESPONSE_TOO_LARGE");
  });

  it("never puts credentials in error messages, even when the server echoes the request", async () => {
    server = await serve((n) => ({
      status: 500,
      body: { error_code: "APIG.9999", error_msg: `echo: ${JSON.stringify(server.requests[n]!.headers)}` },
    }));
    const err = await client(server.url, virtualRuntime(), { maxAttempts: 1 })
      .http.call(get)
      .catch((e) => e);
    expect(err.message).toMatch(/echo/);
    expect(err.message).not.toContain("test-secret-key-value");
    expect(err.message).not.toMatch(/Signature=[0-9a-f]{16}/);
    expect(JSON.stringify(err)).not.toContain("test-secret-key-value");
  });

  it("treats an Alibaba body with Success:false as an error carrying its code", async () => {
    server = await serve([
      {
        status: 200,
        body: {
          Success: false,
          Code: "InvalidParameter.WithMessage",
          Message: "The parameter is invalid {GreyTagRouteId}",
          RequestId: "r-1",
        },
      },
    ]);
    const runtime = virtualRuntime();
    const c = new HttpClient(
      alibabaProtocol("SAE", server.url, { accessKeyId: "id", accessKeySecret: new Secret("alibaba-secret-x") }),
      { runtime },
    );
    const err = await c
      .call({
        ...get,
        schema: z.object({ Success: z.boolean() }).passthrough(),
        envelopeError: (b) => (b.Success ? undefined : { code: String(b.Code), message: String(b.Message) }),
      })
      .catch((e) => e);
    expect(err.code).toBe("InvalidParameter.WithMessage");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers["x-acs-signature-nonce"]).toBe("nonce-0");
  });
});

describe("quoteLongIntegers", () => {
  const parse = (text: string) => JSON.parse(quoteLongIntegers(text, ["GreyTagRouteId"]));

  it("quotes only the named fields' integers too long to be exact", () => {
    expect(
      parse('{"Data":{"GreyTagRouteId": 9223372036854775807,"CreateTime":1619007592013,"Other":9223372036854775807}}'),
    ).toEqual({
      Data: { GreyTagRouteId: "9223372036854775807", CreateTime: 1619007592013, Other: 9223372036854775807 },
    });
    expect(parse('{"Result":[{"GreyTagRouteId":16},{"GreyTagRouteId":9007199254740993}]}')).toEqual({
      Result: [{ GreyTagRouteId: 16 }, { GreyTagRouteId: "9007199254740993" }],
    });
  });

  it("leaves strings, fractions and other text alone", () => {
    const text = '{"GreyTagRouteId":"9007199254740993","Name":"\\"GreyTagRouteId\\":9007199254740993x","x":1.5}';
    expect(quoteLongIntegers(text, ["GreyTagRouteId"])).toBe(text);
  });
});
