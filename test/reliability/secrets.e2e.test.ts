/**
 * Secret hygiene through the whole lifecycle (up, preview, up, refresh, destroy) with distinctive values: a
 * Huawei secret key and security token, an Alibaba secret and STS token, and a NACOS password on a
 * microservice channel. None may appear in the exported state (without --show-secrets), the state files on
 * disk (checkpoint, backups, history), the serialized providers, the stack outputs, or anything the CLI
 * prints, including error paths: wrong secret keys, and 5xx answers whose bodies echo the request's
 * credentials. The echo is also checked against a local server that reflects the real request headers
 * (`CloudApiError` / `redact`).
 *
 * Some runs use `--logtostderr -v=9 --logflow` (engine and provider logs). There, Pulumi 3.248 itself prints
 * property values in its RPC traces (`Marshaling property for RPC[...Configure()...]` carries the decrypted
 * stack config, `...RegisterResource RPC finished` the program's secret inputs), despite its documentation.
 * Those engine/SDK trace lines are counted and reported; every other line (provider output, diagnostics,
 * errors) must hold no secret. Runs at the default verbosity must hold none at all.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { AddressInfo } from "node:net";
import { z } from "zod";
import { startEmulator } from "../../src/emulator";
import { HttpClient } from "../../src/core/http";
import { CloudApiError } from "../../src/core/errors";
import { redact, Secret } from "../../src/core/secrets";
import { huaweiProtocol } from "../../src/clouds/huawei/protocol";
import { alibabaProtocol } from "../../src/clouds/alibaba/protocol";
import { E2EStack, liveChannels, RunResult } from "../e2e/harness";
import { PROJECT_ID, PRECHECK_UPGRADE, ordersGreyRoute } from "../support/fixtures";
import { runPulumi } from "./support";
import { adminCall } from "../support/emulator";

jest.setTimeout(300_000);

const HW_AK = "SECRETSE2EAK00000001";
const ALI_ID = "LTAI5tSecretsE2E";
/** Distinctive values; the middle part ("core") is looked for too, to catch partial leaks. */
const SECRETS = {
  huaweiSecretKey: "hw-sk-7f3Qz9-e2e-distinctive",
  huaweiSecurityToken: "hw-sts-4Kq2Wm-e2e-distinctive",
  alibabaAccessKeySecret: "ali-sk-9Pq7Mx-e2e-distinctive",
  alibabaSecurityToken: "ali-sts-2Vb4Nc-e2e-distinctive",
  nacosPassword: "nacos-pw-5Hj5Rt-e2e-distinctive",
  nacosPasswordRotated: "nacos-pw-8Lm3Bd-e2e-distinctive",
  wrongSecretKey: "hw-sk-WRONG-0042-e2e-distinctive",
};
const cores = (value: string) => [value, value.split("-").slice(0, 3).join("-")];

/** Every secret (full value and core) found in `text`, with where. */
function leaks(where: string, text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(SECRETS)) {
    for (const needle of cores(value)) if (text.includes(needle)) found.push(`${where}: ${name} (${needle})`);
  }
  return found;
}

const MESH = "c0ffee0123456789abcdef0123456789a";
const INSTANCE = "gw-secrets";

function program(nacosPassword: string): string {
  return `
const { huawei, alibaba } = require("pulumi-canary-mesh");
const nacos = new huawei.apig.VpcChannel("nacos", {
  instanceId: "${INSTANCE}", name: "orders-nacos", port: 8080, channelType: "microservice",
  memberGroups: [{ name: "stable" }],
  microservice: {
    serviceType: "NACOS",
    nacos: { serviceName: "orders", servers: [{ ipAddress: "10.0.9.9", port: 8848 }], user: { userName: "nacos", password: "${nacosPassword}" } },
  },
});
const web = new huawei.apig.VpcChannel("web", {
  instanceId: "${INSTANCE}", name: "orders-web", port: 8080, memberType: "ip", members: [{ host: "10.0.0.5", weight: 10 }],
});
const route = new alibaba.sae.GreyTagRouteLookup("route", { greyTagRouteId: 16 });
const proxies = new alibaba.asm.ProxyStatusLookup("proxies", { serviceMeshId: "${MESH}" });
const upgrade = new huawei.asm.MeshUpgradeLookup("upgrade", { meshUpgradeId: process.env.MESH_UPGRADE_ID });
exports.nacosMicroservice = nacos.microservice;
exports.webId = web.id;
exports.routeName = alibaba.sae.getGreyTagRouteOutput({ greyTagRouteId: 16 }).name;
exports.synced = proxies.allSynced;
exports.phase = upgrade.phase;
`;
}

/** The engine's and the Node SDK's own RPC traces (see above): the only lines allowed to carry a secret, at -v=9. */
const ENGINE_TRACE =
  /"msg":"(?:(?:Un)?[Mm]arshaling property for RPC\[|Planner decided (?:not )?to |(?:eventSink::Debug\(<\{%reset%\}>)?RegisterResource RPC finished: )/;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("secrets never appear in state, outputs, logs or errors", () => {
  /** [where, text, verbose]: verbose captures may carry secrets in engine trace lines only. */
  const captured: Array<[string, string, boolean?]> = [];
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: E2EStack;
  let upgradeId: string;

  const run = async (what: string, args: string[], verbose = false): Promise<RunResult> => {
    const result = await runPulumi(stack, verbose ? [...args, "--logtostderr", "-v=9", "--logflow"] : args, {
      MESH_UPGRADE_ID: upgradeId,
    });
    captured.push([`${what} stdout`, result.stdout, verbose], [`${what} stderr`, result.stderr, verbose]);
    return result;
  };

  beforeAll(async () => {
    // The emulator accepts the custom key pairs from the standard environment variables.
    emulator = await startEmulator({
      port: 0,
      env: {
        HUAWEICLOUD_SDK_AK: HW_AK,
        HUAWEICLOUD_SDK_SK: SECRETS.huaweiSecretKey,
        ALIBABA_CLOUD_ACCESS_KEY_ID: ALI_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.alibabaAccessKeySecret,
      },
    });
    const proxy = {
      ProxyId: "p-1",
      ProxyVersion: "1.22.3",
      IstioVersion: "1.22.3",
      ClusterSynced: "SYNCED",
      ListenerSynced: "SYNCED",
      RouteSynced: "SYNCED",
      EndpointSynced: "SYNCED",
      EndpointPercent: "1",
    };
    await adminCall(emulator.url, "PUT", `/alibaba/asm/meshes/${MESH}`, { ProxyStatus: [proxy] });
    await adminCall(
      emulator.url,
      "POST",
      "/alibaba/sae/grey-tag-routes",
      ordersGreyRoute({ DubboRules: [], AlbRules: [] }),
    );
    const task = (await adminCall(emulator.url, "POST", "/huawei/asm/mesh-upgrade", PRECHECK_UPGRADE)) as {
      metadata: { uid: string };
    };
    upgradeId = task.metadata.uid;
    stack = await E2EStack.create({
      program: program(SECRETS.nacosPassword),
      config: {
        "canary-mesh:endpoint": emulator.url,
        "canary-mesh:huaweiRegion": "cn-north-4",
        "canary-mesh:huaweiProjectId": PROJECT_ID,
        "canary-mesh:huaweiAccessKey": HW_AK,
        "canary-mesh:huaweiSecretKey": { secret: SECRETS.huaweiSecretKey },
        "canary-mesh:huaweiSecurityToken": { secret: SECRETS.huaweiSecurityToken },
        "canary-mesh:alibabaRegion": "cn-hangzhou",
        "canary-mesh:alibabaAccessKeyId": ALI_ID,
        "canary-mesh:alibabaAccessKeySecret": { secret: SECRETS.alibabaAccessKeySecret },
        "canary-mesh:alibabaSecurityToken": { secret: SECRETS.alibabaSecurityToken },
        "canary-mesh:retryMaxAttempts": "2",
      },
    });
  });

  afterAll(async () => {
    stack?.cleanup();
    await emulator?.close();
  });

  it("up, preview of a password rotation, up, refresh: no secret anywhere", async () => {
    const up = await run("up -v=9", ["up", "--yes", "--skip-preview"], true);
    expect(up.code).toBe(0);
    // liveChannels signs with the built-in key, which this emulator also accepts.
    const live = await liveChannels(emulator.url, INSTANCE);
    expect(live.map((c) => c.name).sort()).toEqual(["orders-nacos", "orders-web"]);
    // The stack output of the microservice block is shown as a secret.
    expect(up.stdout).toMatch(/nacosMicroservice\s*:\s*\[secret\]/);

    stack.writeProgram(program(SECRETS.nacosPasswordRotated));
    const preview = await run("preview --diff", ["preview", "--diff"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/canary-mesh\/huawei\/apig:VpcChannel: \(update\)/);
    expect(preview.stdout).toMatch(/microservice\s*:\s*\[secret\]/);

    expect((await run("up (rotation)", ["up", "--yes", "--skip-preview"])).code).toBe(0);
    expect((await run("refresh", ["refresh", "--yes", "--skip-preview"])).code).toBe(0);
    expect((await run("refresh -v=9", ["refresh", "--yes", "--skip-preview"], true)).code).toBe(0);
    const outputs = await runPulumi(stack, ["stack", "output", "--json"], { MESH_UPGRADE_ID: upgradeId });
    captured.push(["stack output --json", outputs.stdout + outputs.stderr]);
    expect(JSON.parse(outputs.stdout).nacosMicroservice).toBe("[secret]");
  });

  it("error paths: 5xx bodies that echo the credentials, and a wrong secret key", async () => {
    // A misbehaving gateway echoes the request, credentials and all, in a 500 body (both clouds).
    const echo = (who: string) =>
      `upstream failure; request was: Authorization: ${who === "huawei" ? `SDK-HMAC-SHA256 Access=${HW_AK}, SignedHeaders=host;x-sdk-date;x-security-token, Signature=9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f10` : `ACS3-HMAC-SHA256 Credential=${ALI_ID},SignedHeaders=host;x-acs-security-token,Signature=0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9`}; ` +
      `X-Security-Token: ${who === "huawei" ? SECRETS.huaweiSecurityToken : SECRETS.alibabaSecurityToken}; x-acs-security-token: ${SECRETS.alibabaSecurityToken}; ` +
      `secretKey=${SECRETS.huaweiSecretKey}; accessKeySecret=${SECRETS.alibabaAccessKeySecret}; body {"user_info":{"user_name":"nacos","password":"${SECRETS.nacosPasswordRotated}"}}`;
    await adminCall(emulator.url, "POST", "/faults", {
      match: { service: "huawei" },
      status: 500,
      code: "APIG.9999",
      message: echo("huawei"),
    });
    await adminCall(emulator.url, "POST", "/faults", {
      match: { service: "alibaba" },
      status: 500,
      code: "InternalError",
      message: echo("alibaba"),
    });
    const echoed = await run("refresh (5xx echoing credentials)", ["refresh", "--yes", "--skip-preview"]);
    await adminCall(emulator.url, "DELETE", "/faults");
    expect(echoed.code).not.toBe(0);
    expect(echoed.stdout + echoed.stderr).toMatch(/APIG\.9999/);
    expect(echoed.stdout + echoed.stderr).toMatch(/InternalError/);
    expect(echoed.stdout + echoed.stderr).toMatch(/\[redacted\]/);

    // The same echo on a write: `up` of a password change whose PUT answers 500 with the echo.
    stack.writeProgram(program(SECRETS.nacosPassword));
    await adminCall(emulator.url, "POST", "/faults", {
      match: { service: "huawei-apig", action: "UpdateVpcChannel" },
      status: 500,
      code: "APIG.9999",
      message: echo("huawei"),
    });
    const failedUp = await run("up -v=9 (5xx echoing credentials on PUT)", ["up", "--yes", "--skip-preview"], true);
    await adminCall(emulator.url, "DELETE", "/faults");
    expect(failedUp.code).not.toBe(0);
    expect(failedUp.stdout + failedUp.stderr).toMatch(/UpdateVpcChannel failed \(HTTP 500 APIG\.9999\)/);

    // Wrong secret keys (both clouds): each gateway refuses the signature once; the message helps and shows no
    // key. (A plain `pulumi refresh` would not notice: it configures the provider from the config stored in
    // state at the last `up`. `--run-program` makes it use the current stack config, as `up` does.)
    await stack.setConfig("canary-mesh:huaweiSecretKey", { secret: SECRETS.wrongSecretKey });
    await stack.setConfig("canary-mesh:alibabaAccessKeySecret", { secret: `ali-${SECRETS.wrongSecretKey}` });
    const wrong = await run("refresh --run-program (wrong secret keys)", [
      "refresh",
      "--yes",
      "--skip-preview",
      "--run-program",
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/APIGW\.0301/);
    expect(wrong.stdout + wrong.stderr).toMatch(/SignatureDoesNotMatch/);
    expect(wrong.stdout + wrong.stderr).toMatch(/Check canary-mesh:huaweiAccessKey/);
    expect(wrong.stdout + wrong.stderr).toMatch(/Check canary-mesh:alibabaAccessKeyId/);
    await stack.setConfig("canary-mesh:huaweiSecretKey", { secret: SECRETS.huaweiSecretKey });
    await stack.setConfig("canary-mesh:alibabaAccessKeySecret", { secret: SECRETS.alibabaAccessKeySecret });
    expect((await run("up (recovered)", ["up", "--yes", "--skip-preview"])).code).toBe(0);
  });

  it("exported state, state files, serialized providers and config hold no secret; secrets are ciphertext", async () => {
    const exported = await stack.exportState();
    const text = JSON.stringify(exported);
    captured.push(["stack export", text]);
    for (const file of filesUnder(path.join(stack.workDir, "state")))
      captured.push([`state file ${path.basename(file)}`, fs.readFileSync(file, "utf8")]);
    captured.push(["Pulumi.e2e.yaml", fs.readFileSync(path.join(stack.dir, "Pulumi.e2e.yaml"), "utf8")]);
    const channels = exported.deployment.resources.filter((r) => String(r.type).endsWith(":VpcChannel"));
    expect(channels).toHaveLength(2);
    const nacos = channels.find((r) => String(r.urn).endsWith("::nacos"))!;
    for (const side of ["inputs", "outputs"] as const) {
      const microservice = (nacos[side] as Record<string, unknown>).microservice as Record<string, unknown>;
      expect(microservice).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
    }
    for (const r of exported.deployment.resources.filter((x) => String(x.type).startsWith("pulumi-nodejs:dynamic"))) {
      const provider = (r.inputs as Record<string, unknown>).__provider;
      expect(typeof provider).toBe("string");
      expect(leaks(`${String(r.urn)} __provider`, String(provider))).toEqual([]);
      expect(String(provider)).not.toMatch(/SECRETSE2EAK|LTAI5t|canary-mesh:|process\.env/);
    }
  });

  it("destroy, then: nothing leaked in anything captured", async () => {
    expect((await run("destroy -v=9", ["destroy", "--yes", "--skip-preview"], true)).code).toBe(0);
    expect(await liveChannels(emulator.url, INSTANCE)).toEqual([]);
    expect(captured.length).toBeGreaterThanOrEqual(20);
    const bytes = captured.reduce((n, [, t]) => n + t.length, 0);
    expect(bytes).toBeGreaterThan(100_000);
    const found: string[] = [];
    let engineTraceLines = 0;
    for (const [where, text, verbose] of captured) {
      for (const line of text.split("\n")) {
        const hits = leaks(where, line);
        if (hits.length === 0) continue;
        if (verbose && ENGINE_TRACE.test(line)) engineTraceLines++;
        else found.push(...hits.map((h) => `${h}: ${line.slice(0, 240)}`));
      }
    }
    expect(found).toEqual([]);
    console.log(
      `[secrets] ${Object.keys(SECRETS).length} distinctive secrets; ${captured.length} captures (${(bytes / 1e6).toFixed(1)} MB: CLI output of up/preview/up/refresh/destroy ` +
        `and 3 error paths, 4 runs at -v=9 --logflow, exported state, state files, config): 0 leaks from the provider; ` +
        `${engineTraceLines} Pulumi engine/SDK RPC-trace lines at -v=9 carry plaintext values (engine behaviour)`,
    );
  });
});

describe("a 500 that echoes the real request headers (local echo server)", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const echoed = {
          error_code: "APIG.9999",
          error_msg: `echo: headers ${JSON.stringify(req.headers)} body ${body}`,
          Code: "InternalError",
          Message: `echo: headers ${JSON.stringify(req.headers)} body ${body}`,
        };
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(echoed));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const policy = { maxAttempts: 1 };
  const body = JSON.stringify({ nacos_info: { user_info: { user_name: "nacos", password: SECRETS.nacosPassword } } });

  it("Huawei: Authorization, signature, X-Security-Token and the body's password are redacted", async () => {
    const auth = {
      kind: "aksk" as const,
      accessKey: HW_AK,
      secretKey: new Secret(SECRETS.huaweiSecretKey),
      securityToken: new Secret(SECRETS.huaweiSecurityToken),
    };
    const client = new HttpClient(huaweiProtocol("APIG", url, PROJECT_ID, auth), { policy });
    const error = await client
      .call({
        operation: "UpdateVpcChannel",
        request: { method: "PUT", path: "/v2/p/x", query: [], headers: { "content-type": "application/json" }, body },
        schema: z.unknown(),
      })
      .then(
        () => undefined,
        (e: unknown) => e as CloudApiError,
      );
    expect(error).toBeInstanceOf(CloudApiError);
    const text = `${error!.message} ${error!.cloudMessage} ${JSON.stringify(error!.details())}`;
    expect(text).toMatch(/echo: headers/);
    expect(text).toMatch(/\[redacted\]/);
    expect(leaks("Huawei echo", text)).toEqual([]);
    expect(text).not.toMatch(/Signature=[0-9a-f]{16,}/);
  });

  it("Alibaba: Authorization, signature and x-acs-security-token are redacted", async () => {
    const credentials = {
      accessKeyId: ALI_ID,
      accessKeySecret: new Secret(SECRETS.alibabaAccessKeySecret),
      securityToken: new Secret(SECRETS.alibabaSecurityToken),
    };
    const client = new HttpClient(alibabaProtocol("SAE", url, credentials), { policy });
    const error = await client
      .call({
        operation: "DescribeGreyTagRoute",
        request: {
          method: "GET",
          path: "/pop/v1/sam/tagroute/greyTagRoute",
          query: [["GreyTagRouteId", "16"]],
          headers: {},
        },
        schema: z.unknown(),
      })
      .then(
        () => undefined,
        (e: unknown) => e as CloudApiError,
      );
    expect(error).toBeInstanceOf(CloudApiError);
    const text = `${error!.message} ${JSON.stringify(error!.details())}`;
    expect(text).toMatch(/echo: headers/);
    expect(leaks("Alibaba echo", text)).toEqual([]);
    expect(text).not.toMatch(/Signature=[0-9a-f]{16,}/);
  });

  it("redact removes a password that was never registered when it is shaped as a credential", () => {
    const text = redact(
      `{"password":"unregistered-pw-123456","accessKeySecret":"unregistered-ak-secret"} x-security-token: tok-abcdef-123`,
    );
    expect(text).not.toMatch(/unregistered-pw|unregistered-ak|tok-abcdef/);
  });
});
