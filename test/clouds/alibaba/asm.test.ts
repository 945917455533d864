/** ASM proxy-status client: the RPC form-body call and its `Code`-in-a-200 envelope, against the emulator. */
import { adminCall, requestLog, useEmulator } from "../../support/emulator";
import { proxy } from "../../support/fixtures";
import { EMULATOR_ALIBABA_ACCESS_KEY_ID, EMULATOR_ALIBABA_ACCESS_KEY_SECRET } from "../../../src/emulator/keys";
import { alibabaHttp } from "../../../src/clouds/alibaba/protocol";
import {
  DescribeServiceMeshProxyStatusResponseSchema,
  proxyStatusEnvelopeError,
  AlibabaAsmClient,
} from "../../../src/clouds/alibaba/asm";
import { AttemptEvent } from "../../../src/core/http";
import { CloudApiError } from "../../../src/core/errors";
import { Secret } from "../../../src/core/secrets";

let asm: AlibabaAsmClient;
let attempts: AttemptEvent[] = [];

const emulator = useEmulator({ port: 0 });
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

const requests = () => requestLog(emulator.url());

beforeAll(async () => {
  const credentials = {
    accessKeyId: EMULATOR_ALIBABA_ACCESS_KEY_ID,
    accessKeySecret: new Secret(EMULATOR_ALIBABA_ACCESS_KEY_SECRET),
  };
  asm = new AlibabaAsmClient(
    alibabaHttp("ASM", emulator.url(), credentials, {
      policy: { baseDelayMs: 5 },
      onAttempt: (e) => attempts.push(e),
    }),
  );
});
beforeEach(() => {
  attempts = [];
});

describe("AlibabaAsmClient.describeServiceMeshProxyStatus", () => {
  it("POSTs the id in a form body to / and returns the proxies as listed", async () => {
    await admin("PUT", "/alibaba/asm/meshes/ca04bc38979214bf2882be79d39b4", {
      ProxyStatus: [proxy("b"), proxy("a", { RouteSynced: "STALE" })],
    });
    const proxies = await asm.describeServiceMeshProxyStatus("ca04bc38979214bf2882be79d39b4");
    expect(proxies.map((p) => [p.ProxyId, p.RouteSynced])).toEqual([
      ["b", "SYNCED"],
      ["a", "STALE"],
    ]);
    expect(await requests()).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/",
        service: "alibaba-asm",
        action: "DescribeServiceMeshProxyStatus",
        status: 200,
      }),
    ]);
  });

  it("percent-encodes the id in the form body (and signs those exact bytes)", async () => {
    const id = "mesh*1 x~é";
    await admin("PUT", `/alibaba/asm/meshes/${encodeURIComponent(id)}`, { ProxyStatus: [proxy("p")] });
    expect(await asm.describeServiceMeshProxyStatus(id)).toHaveLength(1);
  });

  it("reports Code 403 in a 200 body as a permission error and does not retry it", async () => {
    await admin("PUT", "/alibaba/asm/meshes/m403", { ProxyStatus: [], Code: "403" });
    const error = await asm.describeServiceMeshProxyStatus("m403").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect(error).toMatchObject({
      status: 200,
      code: "403",
      cloudMessage: "You are not authorized to perform this operation.",
    });
    expect(await requests()).toHaveLength(1);
  });

  it("retries Code 503 in a 200 body as ServiceUnavailable (a read sent as POST is idempotent)", async () => {
    await admin("PUT", "/alibaba/asm/meshes/m503", {
      Code: "503",
      then: [{ afterReads: 2, Code: "200", ProxyStatus: [proxy("p")] }],
    });
    const proxies = await asm.describeServiceMeshProxyStatus("m503");
    expect(proxies.map((p) => p.ProxyId)).toEqual(["p"]);
    expect(attempts.map((a) => a.failure ?? "ok")).toEqual(["ambiguous", "ambiguous", "ok"]);
    expect(attempts[0]!.outcome).toEqual({
      kind: "response",
      status: 200,
      code: "ServiceUnavailable",
      retryAfterMs: undefined,
    });
    expect(await requests()).toHaveLength(3);
  });

  it("surfaces an unknown mesh as the service's ServiceMesh.NotFound", async () => {
    const error = await asm.describeServiceMeshProxyStatus("nope").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: "ServiceMesh.NotFound" });
  });
});

describe("proxyStatusEnvelopeError", () => {
  const body = (extra: Record<string, unknown>) =>
    DescribeServiceMeshProxyStatusResponseSchema.parse({ RequestId: "r-1", ...extra });

  it.each([
    [{ Code: "200", Success: "success" }, undefined],
    [{ Success: "success" }, undefined],
    [{ Code: 200, Success: true }, undefined],
    [
      { Code: "403", Message: "no" },
      { code: "403", message: "no", requestId: "r-1" },
    ],
    [
      { Code: "503" },
      { code: "ServiceUnavailable", message: "backend server error (Code 503 in the response body)", requestId: "r-1" },
    ],
    [
      { Code: 503, Message: "busy" },
      { code: "ServiceUnavailable", message: "busy (Code 503 in the response body)", requestId: "r-1" },
    ],
    [
      { Code: "200", Success: "false" },
      { code: "Unknown", message: "the service reported Success: false", requestId: "r-1" },
    ],
    [
      { Success: false, Message: "failed" },
      { code: "Unknown", message: "failed", requestId: "r-1" },
    ],
  ])("%j → %j", (extra, expected) => {
    expect(proxyStatusEnvelopeError(body(extra))).toEqual(expected);
  });

  it("the wire schema keeps unknown fields and accepts a numeric EndpointPercent", () => {
    const parsed = body({ ProxyStatus: [{ ProxyId: "p", EndpointPercent: 0.5, Future: "x" }], Extra: 1 });
    expect(parsed.ProxyStatus?.[0]).toEqual({ ProxyId: "p", EndpointPercent: 0.5, Future: "x" });
  });
});
