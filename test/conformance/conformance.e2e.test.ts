/**
 * The vendors' official SDK clients as oracles: code we did not write judges the emulator and the provider.
 * - `sdk_suite.py` drives the emulator with huaweicloudsdkapig, alibabacloud_sae20190506 and
 *   alibabacloud_servicemesh20200111 (their own signers; the emulator verifies) across the documented families.
 * - `request_models.py` checks every call the provider's own tests make against the SDKs' request models.
 * Python and the pinned SDKs come from `scripts/runtime.js python`; without them this suite fails, never skips.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { adminCall, huawei, useEmulator } from "../support/emulator";
import { PROJECT_ID } from "../support/fixtures";
import * as keys from "../../src/emulator/keys";

const { pythonWithSdks } = require("../../scripts/runtime.js") as { pythonWithSdks: () => string };

const ROOT = path.resolve(__dirname, "../..");
const HERE = __dirname;
/** The gateway instance `sdk_suite.py` uses. */
const INSTANCE = "eddc4d25480b4cd6b512f270a1b8b341";

interface Line {
  check?: string;
  ok?: boolean;
  problems?: string[];
  operation?: string;
  action?: string;
  service?: string;
  calls?: number;
  done?: boolean;
  summary?: { calls: number; unmodelled: Record<string, number> };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeout: number, cwd = HERE): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(args[0] ?? command)} failed: ${err.message}\n${stderr}\n${stdout}`));
      else resolve(stdout);
    });
  });
}

const python = pythonWithSdks();
const lines = (stdout: string): Line[] =>
  stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
const failed = (all: Line[], prefix: string) =>
  all.filter((l) => l.check?.startsWith(prefix) && !l.ok).map((l) => ({ check: l.check, problems: l.problems }));

const em = useEmulator();

function suiteEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONDONTWRITEBYTECODE: "1",
    CONFORMANCE_URL: em.url(),
    CONFORMANCE_PROJECT_ID: PROJECT_ID,
    CONFORMANCE_KEYS: JSON.stringify({
      huawei: [keys.EMULATOR_HUAWEI_ACCESS_KEY, keys.EMULATOR_HUAWEI_SECRET_KEY],
      huaweiReadOnly: [keys.EMULATOR_HUAWEI_READONLY_ACCESS_KEY, keys.EMULATOR_HUAWEI_READONLY_SECRET_KEY],
      alibaba: [keys.EMULATOR_ALIBABA_ACCESS_KEY_ID, keys.EMULATOR_ALIBABA_ACCESS_KEY_SECRET],
    }),
  };
}

describe("the official SDK clients against the emulator", () => {
  let out: Line[];
  beforeAll(async () => {
    out = lines(await run(python, ["sdk_suite.py"], suiteEnv(), 120_000));
  }, 150_000);

  it("runs every section to the end", () => {
    expect(failed(out, "section.")).toEqual([]);
    expect(out[out.length - 1]).toEqual({ done: true });
  });

  it("covers the whole documented family", () => {
    const operations = new Set(out.filter((l) => l.check?.startsWith("raw.")).map((l) => l.operation));
    expect([...operations].sort()).toEqual(
      [
        "create_vpc_channel_v2",
        "show_details_of_vpc_channel_v2",
        "list_vpc_channels_v2",
        "update_vpc_channel_v2",
        "delete_vpc_channel_v2",
        "adding_backend_instances_v2",
        "list_backend_instances_v2",
        "update_backend_instances_v2",
        "delete_backend_instance_v2",
        "batch_enable_members",
        "batch_disable_members",
        "create_member_group",
        "list_member_groups",
        "show_details_of_member_group",
        "update_member_group",
        "delete_member_group",
        "update_health_check",
        "CreateGreyTagRoute",
        "DescribeGreyTagRoute",
        "ListGreyTagRoute",
        "UpdateGreyTagRoute",
        "DeleteGreyTagRoute",
        "DescribeServiceMeshProxyStatus",
      ].sort(),
    );
  });

  it("reads back every field sent, through the SDKs' deserialised models", () => {
    expect(out.filter((l) => l.check?.startsWith("echo.")).length).toBeGreaterThanOrEqual(25);
    expect(failed(out, "echo.")).toEqual([]);
  });

  it("answers only keys the SDKs' response models have (nothing invented)", () => {
    expect(failed(out, "raw.")).toEqual([]);
  });

  it("answers the documented error codes", () => {
    const checks = out.filter((l) => l.check?.startsWith("error.")).map((l) => l.check);
    expect(checks.sort()).toEqual(
      [
        "error.batch_unknown_member",
        "error.member_group_malformed_id",
        "error.show_malformed_id",
        "error.show_unknown_id",
        "error.create_duplicate_name",
        "error.create_without_name",
        "error.write_with_read_only_key",
        "error.batch_on_reference_channel",
        "error.wrong_secret",
        "error.channel_quota",
        "error.show_deleted",
        "error.describe_deleted",
        "error.create_bad_name",
        "error.create_without_app",
        "error.create_alb_cond",
        "error.create_second_rule",
        "error.alibaba_wrong_secret",
        "error.proxy_status_unknown_mesh",
      ].sort(),
    );
    expect(failed(out, "error.")).toEqual([]);
  });

  it("fails the raw check on a key the SDK's model lacks (the oracle can fail)", async () => {
    const created = await huawei(em.url(), "POST", `/v2/${PROJECT_ID}/apigw/instances/${INSTANCE}/vpc-channels`, {
      body: { name: "planted", port: 80, balance_strategy: 1, member_type: "ip" },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await adminCall(em.url(), "PUT", `/huawei/apig/vpc-channels/${id}/answer`, {
      extra: { invented_field: 1, members: [{ host: "10.0.0.1", weight: "1" }] },
    });
    const planted = lines(await run(python, ["sdk_suite.py", "check-show", id], suiteEnv(), 60_000));
    expect(planted).toEqual([
      expect.objectContaining({
        check: "raw.show_details_of_vpc_channel_v2",
        ok: false,
        problems: [
          "$.members[0].weight: a string where the SDK has int",
          "$.invented_field: not in the SDK model ShowDetailsOfVpcChannelV2Response",
        ],
      }),
    ]);
  });
});

describe("the provider's calls against the SDKs' request models", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-mesh-record-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  let out: Line[];
  beforeAll(async () => {
    // The provider's own tests, each emulator recording what the provider sent.
    const jest = path.join(ROOT, "node_modules", "jest", "bin", "jest.js");
    const pattern = "/test/(vpcChannel|lookups|clouds)/";
    const env = { ...process.env, CANARY_MESH_EMULATOR_RECORD: path.join(dir, "provider") };
    await run(
      process.execPath,
      [jest, "--selectProjects", "unit", "--testPathPattern", pattern, "--silent"],
      env,
      240_000,
      ROOT,
    );
    out = lines(await run(python, ["request_models.py", path.join(dir, "provider")], suiteEnv(), 60_000));
  }, 300_000);

  it("sends only names, types and nesting the SDKs' request models have", () => {
    expect(failed(out, "request.")).toEqual([]);
  });

  it("covers every action the provider uses; only Huawei ASM (no official SDK) is unmodelled", () => {
    const actions = out.filter((l) => l.check?.startsWith("request.")).map((l) => l.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "CreateVpcChannel",
        "ShowVpcChannel",
        "ListVpcChannels",
        "UpdateVpcChannel",
        "DeleteVpcChannel",
        "DescribeGreyTagRoute",
        "ListGreyTagRoute",
        "DescribeServiceMeshProxyStatus",
      ]),
    );
    const summary = out[out.length - 1]!.summary!;
    expect(summary.calls).toBeGreaterThan(100);
    expect(Object.keys(summary.unmodelled)).toEqual(["huawei-asm"]);
  });

  it("fails a misspelt, mistyped or misrouted call (the oracle can fail)", async () => {
    const planted = path.join(dir, "planted");
    fs.mkdirSync(planted);
    const channels = `/v2/${PROJECT_ID}/apigw/instances/gw-1/vpc-channels`;
    const calls = [
      {
        service: "huawei-apig",
        action: "CreateVpcChannel",
        method: "POST",
        path: channels,
        query: [],
        body: JSON.stringify({ name: "a", port: "80", balance_stratgy: 1, members: [{ host: "h", is_backup: 0 }] }),
        contentType: "application/json",
      },
      {
        service: "huawei-apig",
        action: "ListVpcChannels",
        method: "GET",
        path: channels,
        query: [["page", "1"]],
        body: "",
        contentType: "",
      },
      {
        service: "huawei-apig",
        action: "ShowVpcChannel",
        method: "PATCH",
        path: `${channels}/x`,
        query: [],
        body: "",
        contentType: "",
      },
      {
        service: "alibaba-sae",
        action: "DescribeGreyTagRoute",
        method: "GET",
        path: "/pop/v1/sam/tagroute/greyTagRoutes",
        query: [["GreyTagRouteID", "16"]],
        body: "",
        contentType: "",
      },
      {
        service: "alibaba-sae",
        action: "CreateGreyTagRoute",
        method: "POST",
        path: "/pop/v1/sam/tagroute/greyTagRoute",
        query: [
          ["AppId", "a"],
          ["Name", "n"],
          ["ScRules", JSON.stringify([{ path: "/", item: [], items: [{ index: "0" }] }])],
        ],
        body: "",
        contentType: "",
      },
    ];
    fs.writeFileSync(path.join(planted, "calls-1.jsonl"), calls.map((c) => JSON.stringify(c)).join("\n") + "\n");
    const result = lines(await run(python, ["request_models.py", planted], suiteEnv(), 60_000));
    const problems = Object.fromEntries(result.filter((l) => l.check).map((l) => [l.action, l.problems]));
    expect(problems).toEqual({
      CreateVpcChannel: [
        "body.port: a string where the SDK has int",
        "body.balance_stratgy: not in the SDK model VpcCreate",
        "body.members[0].is_backup: a number where the SDK has bool",
      ],
      ListVpcChannels: ["query page: not a query parameter of the SDK's list_vpc_channels_v2"],
      ShowVpcChannel: [`PATCH ${channels}/x: no operation of the SDK has this method and path`],
      DescribeGreyTagRoute: [
        "GreyTagRouteID: not a parameter of the SDK's DescribeGreyTagRouteRequest",
        "GET /pop/v1/sam/tagroute/greyTagRoutes: the SDK sends GET /pop/v1/sam/tagroute/greyTagRoute",
      ],
      CreateGreyTagRoute: [
        "ScRules[0].item: not in the SDK model DescribeGreyTagRouteResponseBodyDataScRules",
        "ScRules[0].items[0].index: a string where the SDK has int",
      ],
    });
  });
});
