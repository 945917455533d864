/** SAE grey tag route client: wire schemas, and the typed calls through the real HTTP layer against the emulator. */
import { adminCall, requestLog, useEmulator } from "../../support/emulator";
import { EMULATOR_ALIBABA_ACCESS_KEY_ID, EMULATOR_ALIBABA_ACCESS_KEY_SECRET } from "../../../src/emulator/keys";
import { alibabaHttp } from "../../../src/clouds/alibaba/protocol";
import {
  DescribeGreyTagRouteResponseSchema,
  ListGreyTagRouteResponseSchema,
  SaeClient,
} from "../../../src/clouds/alibaba/sae";
import { CloudApiError } from "../../../src/core/errors";
import { Secret } from "../../../src/core/secrets";

let sae: SaeClient;

const emulator = useEmulator({ port: 0 });
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

const requests = () => requestLog(emulator.url());

const route = {
  GreyTagRouteId: 16,
  AppId: "3faaf993-7aed-4bcd-b189-625e6a5a0001",
  Name: "rule-name",
  Description: "test",
  ScRules: [
    {
      path: "/path",
      condition: "OR",
      items: [{ type: "cookie", name: "test", operator: "rawvalue", value: "test", cond: "==", index: 0, expr: "N/A" }],
    },
  ],
  CreateTime: 1619007592013,
  UpdateTime: 1609434061000,
};

beforeAll(async () => {
  const credentials = {
    accessKeyId: EMULATOR_ALIBABA_ACCESS_KEY_ID,
    accessKeySecret: new Secret(EMULATOR_ALIBABA_ACCESS_KEY_SECRET),
  };
  sae = new SaeClient(alibabaHttp("SAE", emulator.url(), credentials, { policy: { baseDelayMs: 5 } }));
});
describe("SaeClient.describeGreyTagRoute", () => {
  it("GETs the rule by id (ROA, signed) and returns Data with the rules' lowerCamel keys", async () => {
    await admin("POST", "/alibaba/sae/grey-tag-routes", route);
    const data = await sae.describeGreyTagRoute(16);
    expect(data).toMatchObject({
      GreyTagRouteId: 16,
      Name: "rule-name",
      AppId: route.AppId,
      CreateTime: 1619007592013,
    });
    expect(data.ScRules).toEqual(route.ScRules);
    expect(await requests()).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/pop/v1/sam/tagroute/greyTagRoute",
        service: "alibaba-sae",
        action: "DescribeGreyTagRoute",
        status: 200,
      }),
    ]);
  });

  it("surfaces a missing id as HTTP 400 InvalidParameter.WithMessage, without retrying", async () => {
    const error = await sae.describeGreyTagRoute(999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "InvalidParameter.WithMessage",
      operation: "DescribeGreyTagRoute",
    });
    expect(await requests()).toHaveLength(1);
  });

  it("treats a 200 body with Success: false as an error carrying its ErrorCode", async () => {
    await admin("POST", "/alibaba/sae/grey-tag-routes", route);
    await admin("POST", "/faults", {
      match: { service: "alibaba-sae" },
      status: 200,
      code: "Application.InvalidStatus",
      message: "The application status is abnormal.",
      count: 1,
    });
    const error = await sae.describeGreyTagRoute(16).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 200,
      code: "Application.InvalidStatus",
      cloudMessage: "The application status is abnormal.",
    });
  });
});

describe("SaeClient.listGreyTagRoutes", () => {
  it("lists one application's rules (ListGreyTagRoute, AppId in the query)", async () => {
    await admin("POST", "/alibaba/sae/grey-tag-routes", route);
    await admin("POST", "/alibaba/sae/grey-tag-routes", {
      ...route,
      GreyTagRouteId: 17,
      AppId: "other-app",
      Name: "other",
    });
    const list = await sae.listGreyTagRoutes(route.AppId);
    expect(list.map((r) => r.GreyTagRouteId)).toEqual([16]);
    expect(await sae.listGreyTagRoutes("no-such-app")).toEqual([]);
    expect((await requests()).map((r) => [r.method, r.path, r.action])).toEqual([
      ["GET", "/pop/v1/sam/tagroute/greyTagRouteList", "ListGreyTagRoute"],
      ["GET", "/pop/v1/sam/tagroute/greyTagRouteList", "ListGreyTagRoute"],
    ]);
  });
});

describe("SAE wire schemas", () => {
  it("accept unknown fields, nulls and numeric strings", () => {
    const parsed = DescribeGreyTagRouteResponseSchema.parse({
      Success: true,
      Code: 200,
      NewTopLevel: { x: 1 },
      Data: {
        GreyTagRouteId: "16",
        Name: "r",
        Description: null,
        CreateTime: "1619007592013",
        ScRules: [{ path: "/p", condition: "AND", items: [{ index: "2", name: "n", extra: true }], future: 1 }],
        DubboRules: null,
      },
    });
    expect(parsed.Data?.GreyTagRouteId).toBe("16");
    expect(parsed.Data?.ScRules?.[0]?.items?.[0]).toEqual({ index: "2", name: "n", extra: true });
    expect((parsed as Record<string, unknown>).NewTopLevel).toEqual({ x: 1 });
  });

  it("reject a body whose documented fields have the wrong type", () => {
    expect(DescribeGreyTagRouteResponseSchema.safeParse({ Success: "yes" }).success).toBe(false);
    expect(ListGreyTagRouteResponseSchema.safeParse({ Data: { Result: [{ GreyTagRouteId: "abc" }] } }).success).toBe(
      false,
    );
  });
});
