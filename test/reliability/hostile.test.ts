/**
 * Hostile responses from a local `node:http` server (not the emulator): malformed JSON, missing fields, wrong
 * types, HTML error pages, redirects, truncated and huge bodies, deep nesting, and slowloris trickling. Every
 * one must end in a clear `CloudApiError` within a bounded time, reading at most `maxResponseBytes` of a body,
 * and never re-sending a POST whose outcome is unknown without reconciling. Then the same through the
 * VpcChannel provider (config and environment as the engine gives them).
 */
import http from "node:http";
import { AddressInfo } from "node:net";
import { z } from "zod";
import { HttpClient } from "../../src/core/http";
import { CloudApiError } from "../../src/core/errors";
import { huaweiProtocol } from "../../src/clouds/huawei/protocol";
import { alibabaProtocol } from "../../src/clouds/alibaba/protocol";
import { Secret } from "../../src/core/secrets";
import { RetryPolicy } from "../../src/core/retry";
import { setProviderConfig } from "../../src/core/stackConfig";
import { vpcChannelProvider } from "../../src/vpcChannel/provider";
import type { ChannelOutputs, ChannelState } from "../../src/vpcChannel/state";
import { PROJECT_ID as PROJECT } from "../support/fixtures";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

interface Hostile {
  url: string;
  requests: Array<{ method: string; url: string }>;
  /** Body bytes the server managed to write before the client went away. */
  written: number;
  close(): Promise<void>;
}

async function hostile(handler: Handler): Promise<Hostile> {
  const state: Hostile = { url: "", requests: [], written: 0, close: async () => undefined };
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      state.requests.push({ method: req.method!, url: req.url! });
      const write = res.write.bind(res);
      res.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
        state.written += Buffer.byteLength(chunk);
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof res.write;
      (res as unknown as { timers: Set<NodeJS.Timeout> }).timers = timers;
      handler(req, res, state.requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

const json =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
  };

/** Small policy values: the suite must stay fast, and the bounds must be visible. */
const POLICY: Partial<RetryPolicy> = {
  maxAttempts: 3,
  baseDelayMs: 5,
  maxDelayMs: 20,
  attemptTimeoutMs: 600,
  idleTimeoutMs: 400,
  connectTimeoutMs: 500,
  deadlineMs: 10_000,
};
const MAX_BYTES = 64 * 1024;
const AUTH = { kind: "aksk" as const, accessKey: "HOSTILEAK", secretKey: new Secret("hostile-test-secret-key") };
const schema = z.object({ id: z.string(), name: z.string(), port: z.number() }).passthrough();

function client(url: string, policy: Partial<RetryPolicy> = {}) {
  return new HttpClient(huaweiProtocol("APIG", url, PROJECT, AUTH), {
    policy: { ...POLICY, ...policy },
    maxResponseBytes: MAX_BYTES,
  });
}
const get = {
  operation: "ShowVpcChannel",
  request: {
    method: "GET" as const,
    path: `/v2/${PROJECT}/apigw/instances/gw/vpc-channels/c1`,
    query: [] as Array<[string, string]>,
    headers: {},
  },
  schema,
};
const post = {
  ...get,
  operation: "CreateVpcChannel",
  request: { ...get.request, method: "POST" as const, headers: { "content-type": "application/json" }, body: "{}" },
};

async function failing(promise: Promise<unknown>): Promise<{ error: CloudApiError; ms: number }> {
  const started = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudApiError);
  return { error: error as CloudApiError, ms: Date.now() - started };
}

describe("hostile responses through the HTTP layer", () => {
  let server: Hostile | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each<[string, Handler, RegExp, number]>([
    [
      "malformed JSON with 200",
      json(200, '{"id": "c1", "name": '),
      /HTTP 200 InvalidResponse\).*a body that is not JSON/,
      1,
    ],
    [
      "a missing field",
      json(200, '{"id": "c1", "port": 8080}'),
      /does not have the documented shape \(name: Required\)/,
      1,
    ],
    [
      "wrong types",
      json(200, '{"id": 7, "name": ["x"], "port": "8080"}'),
      /documented shape \(id: Expected string, received number; name: Expected string, received array; port: Expected number, received string\)/,
      1,
    ],
    [
      "a JSON array instead of an object",
      json(200, "[]"),
      /documented shape \(\(body\): Expected object, received array\)/,
      1,
    ],
    ["JSON null", json(200, "null"), /documented shape \(\(body\): Expected object, received null\)/, 1],
    [
      "an HTML page with 200",
      json(200, "<html><body><h1>Welcome to nginx!</h1></body></html>", { "content-type": "text/html" }),
      /HTTP 200 InvalidResponse\).*an HTML page \("Welcome to nginx!"\)/,
      1,
    ],
    [
      "an HTML 502 page (retried: idempotent)",
      json(
        502,
        "<html><head><title>502 Bad Gateway</title></head><body><center>502 Bad Gateway</center></body></html>",
        { "content-type": "text/html" },
      ),
      /HTTP 502\): the service answered HTTP 502 with an HTML page \("502 Bad Gateway 502 Bad Gateway"\) \[3 attempts\]/,
      3,
    ],
    [
      "an error body with wrong-typed fields",
      json(400, '{"error_code": 5, "error_msg": {"nested": true}}'),
      /HTTP 400\): HTTP 400 \[/,
      1,
    ],
    [
      "a 500 whose body is not JSON (retried)",
      json(500, "Internal Server Error\u0000\u0001\u0002", { "content-type": "text/plain" }),
      /HTTP 500\): the service answered HTTP 500 with a body that is not JSON \("Internal Server Error/,
      3,
    ],
    [
      "a redirect to another host (never followed)",
      json(302, "", { location: "http://169.254.169.254/latest/meta-data/" }),
      /HTTP 302\)/,
      1,
    ],
    ["an empty 200 body", json(200, ""), /documented shape \(id: Required; name: Required; port: Required\)/, 1],
    [
      "a body nested 30 000 levels deep",
      json(200, `${"[".repeat(30_000)}${"]".repeat(30_000)}`),
      /InvalidResponse|documented shape/,
      1,
    ],
  ])("%s: a clear error, bounded attempts and time", async (_title, handler, message, attempts) => {
    server = await hostile(handler);
    const { error, ms } = await failing(client(server.url).call(get));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^Huawei Cloud APIG ShowVpcChannel failed/);
    expect(error.message).not.toMatch(/<html|<body/);
    expect(server.requests).toHaveLength(attempts);
    expect(error.attempts).toBe(attempts);
    expect(ms).toBeLessThan(3000);
  });

  it("a huge body (200 MB, streamed) stops at maxResponseBytes: bounded memory and time", async () => {
    server = await hostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 200 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.write('{"id": "c1", "pad": "');
      pump();
    });
    const heap = process.memoryUsage().heapUsed;
    const { error, ms } = await failing(client(server.url, { maxAttempts: 1 }).call(get));
    expect(error.code).toBe("RESPONSE_TOO_LARGE");
    expect(error.message).toMatch(/the response body exceeded the size limit/);
    expect(ms).toBeLessThan(3000);
    // The client hung up early: a few socket buffers at most, never the 200 MB.
    expect(server.written).toBeLessThan(16 * 1024 * 1024);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(64 * 1024 * 1024);
  });

  it("a huge declared Content-Length is refused the same way", async () => {
    server = await hostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(10 * 1024 * 1024 * 1024) });
      res.write(`{"id":"c1","pad":"${" ".repeat(MAX_BYTES)}`);
    });
    const { error, ms } = await failing(client(server.url, { maxAttempts: 1 }).call(get));
    expect(error.code).toBe("RESPONSE_TOO_LARGE");
    expect(ms).toBeLessThan(3000);
  });

  it("slowloris: a body trickled one byte every 50 ms is cut at the attempt timeout, every attempt", async () => {
    server = await hostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 50);
      (res as unknown as { timers: Set<NodeJS.Timeout> }).timers.add(timer);
    });
    const { error, ms } = await failing(client(server.url).call(get));
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/the request timed out \[3 attempts\]/);
    expect(server.requests).toHaveLength(3);
    // 3 attempts × 600 ms attempt timeout + backoff ≤ 20 ms each, with scheduling slack.
    expect(ms).toBeGreaterThanOrEqual(3 * 600 - 50);
    expect(ms).toBeLessThan(3 * 600 + 1500);
  });

  it("slowloris: headers trickled one at a time never complete either", async () => {
    server = await hostile((_req, res) => {
      const socket = res.socket!;
      socket.write("HTTP/1.1 200 OK\r\n");
      let n = 0;
      const timer = setInterval(
        () => (socket.destroyed ? clearInterval(timer) : socket.write(`x-slow-${n++}: 1\r\n`)),
        50,
      );
      (res as unknown as { timers: Set<NodeJS.Timeout> }).timers.add(timer);
    });
    const { error, ms } = await failing(client(server.url, { maxAttempts: 2 }).call(get));
    expect(error.code).toBe("TIMEOUT");
    expect(ms).toBeLessThan(2 * 600 + 1500);
  });

  it("a server that accepts and never answers hits the idle timeout", async () => {
    server = await hostile(() => undefined);
    const { error, ms } = await failing(client(server.url, { maxAttempts: 2, attemptTimeoutMs: 5000 }).call(get));
    expect(error.code).toBe("TIMEOUT");
    expect(ms).toBeLessThan(2 * 400 + 1500);
  });

  it("a truncated body (Content-Length larger than what is sent, then close) is a network error, retried for GET", async () => {
    server = await hostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"id": "c1"');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const { error } = await failing(client(server.url).call(get));
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/connection was reset|network error|aborted/);
    expect(server.requests).toHaveLength(3);
  });

  it("a POST that trickles until the timeout is not re-sent without reconciliation", async () => {
    server = await hostile((_req, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 50);
      (res as unknown as { timers: Set<NodeJS.Timeout> }).timers.add(timer);
    });
    const { error } = await failing(client(server.url).call(post));
    expect(error.code).toBe("TIMEOUT");
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("Alibaba: an HTML 503 from a proxy and a malformed envelope are clear too", async () => {
    server = await hostile((_req, res, n) => {
      if (n === 0)
        json(503, "<html><body>Service Temporarily Unavailable</body></html>", { "content-type": "text/html" })(
          _req,
          res,
          n,
        );
      else json(200, '{"RequestId": "r", "Data": ')(_req, res, n);
    });
    const credentials = { accessKeyId: "LTAIhostile", accessKeySecret: new Secret("hostile-alibaba-secret") };
    const ali = new HttpClient(alibabaProtocol("SAE", server.url, credentials), {
      policy: POLICY,
      maxResponseBytes: MAX_BYTES,
    });
    const { error } = await failing(
      ali.call({
        operation: "DescribeGreyTagRoute",
        request: {
          method: "GET",
          path: "/pop/v1/sam/tagroute/greyTagRoute",
          query: [["GreyTagRouteId", "16"]],
          headers: {},
        },
        schema: z.object({ Data: z.object({}) }),
      }),
    );
    expect(error.message).toMatch(
      /^Alibaba Cloud SAE DescribeGreyTagRoute failed \(HTTP 200 InvalidResponse\): the service answered HTTP 200 with a body that is not JSON/,
    );
    expect(server.requests).toHaveLength(2);
  });
});

describe("hostile responses through the VpcChannel provider", () => {
  let server: Hostile | undefined;
  const saved = { ...process.env };
  let config: Record<string, string> = {};
  const inputs: ChannelState = {
    instanceId: "gw-hostile",
    projectId: PROJECT,
    region: "cn-north-4",
    name: "orders-backend",
    port: 8080,
    balanceStrategy: "roundRobin",
    memberType: "ip",
    channelType: "builtin",
    members: {},
  };

  beforeAll(() => {
    for (const name of Object.keys(process.env))
      if (/^(HUAWEICLOUD_|HW_|OS_|CANARY_MESH_)/.test(name)) delete process.env[name];
    setProviderConfig((key) => config[key]);
  });
  afterAll(() => {
    process.env = saved;
    setProviderConfig(() => undefined);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const use = (url: string) => {
    config = {
      "canary-mesh:endpoint": url,
      "canary-mesh:huaweiRegion": "cn-north-4",
      "canary-mesh:huaweiProjectId": PROJECT,
      "canary-mesh:huaweiAccessKey": "HOSTILEAK",
      "canary-mesh:huaweiSecretKey": "hostile-provider-secret",
      "canary-mesh:retryMaxAttempts": "2",
    };
  };

  it("read: malformed JSON is a clear error naming the operation, not a crash or a silent drop", async () => {
    server = await hostile(json(200, '{"id": "c1", "name": "orders-backend", '));
    use(server.url);
    const { error } = await failing(vpcChannelProvider.read("c1", { ...inputs, __managed: [] } as ChannelOutputs));
    expect(error.message).toMatch(
      /^Huawei Cloud APIG ShowVpcChannel failed \(HTTP 200 InvalidResponse\): the service answered HTTP 200 with a body that is not JSON/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("read: a channel missing a required field is a clear error naming the field", async () => {
    server = await hostile(json(200, JSON.stringify({ id: "c1", name: "orders-backend", member_type: "ip" })));
    use(server.url);
    const { error } = await failing(vpcChannelProvider.read("c1", { ...inputs, __managed: [] } as ChannelOutputs));
    expect(error.message).toMatch(
      /ShowVpcChannel failed \(HTTP 200 InvalidResponse\): the response body does not have the documented shape \(.*port: Required/,
    );
    expect(error.message).not.toContain("hostile-provider-secret");
  });

  it("create: a 201 whose body is malformed is never re-sent (no duplicate channel)", async () => {
    server = await hostile((req, res, n) => {
      if (req.method === "POST") return json(201, "<html>created</html>", { "content-type": "text/html" })(req, res, n);
      json(404, JSON.stringify({ error_code: "APIG.3023", error_msg: "The VPC channel does not exist" }))(req, res, n);
    });
    use(server.url);
    const { error } = await failing(vpcChannelProvider.create(inputs));
    expect(error.message).toMatch(
      /CreateVpcChannel failed \(HTTP 201 InvalidResponse\): the service answered HTTP 201 with an HTML page/,
    );
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
