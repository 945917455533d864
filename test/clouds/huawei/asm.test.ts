/** Huawei ASM mesh-upgrade client: GET /v1/{project_id}/mesh-upgrade/{id} through the real HTTP layer. */
import { adminCall, requestLog, useEmulator } from "../../support/emulator";
import {
  EMULATOR_HUAWEI_ACCESS_KEY,
  EMULATOR_HUAWEI_PROJECT_ID,
  EMULATOR_HUAWEI_SECRET_KEY,
} from "../../../src/emulator/keys";
import { huaweiHttp } from "../../../src/clouds/huawei/protocol";
import { HuaweiAsmClient, MeshUpgradeWireSchema } from "../../../src/clouds/huawei/asm";
import { CloudApiError } from "../../../src/core/errors";
import { Secret } from "../../../src/core/secrets";

let asm: HuaweiAsmClient;

const emulator = useEmulator({ port: 0 });
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

const requests = () => requestLog(emulator.url());

async function seedTask(): Promise<string> {
  const task = (await admin("POST", "/huawei/asm/mesh-upgrade", {
    metadata: { name: "upgrade-1-15" },
    spec: { meshId: "mesh-1", upgradeStrategy: "canary", targetVersion: "1.15.5", targetType: "CSM" },
  })) as { metadata: { uid: string } };
  return task.metadata.uid;
}

beforeAll(async () => {
  const auth = {
    kind: "aksk" as const,
    accessKey: EMULATOR_HUAWEI_ACCESS_KEY,
    secretKey: new Secret(EMULATOR_HUAWEI_SECRET_KEY),
  };
  asm = new HuaweiAsmClient(
    huaweiHttp("ASM", emulator.url(), EMULATOR_HUAWEI_PROJECT_ID, auth, { policy: { baseDelayMs: 5 } }),
    EMULATOR_HUAWEI_PROJECT_ID,
  );
});
describe("HuaweiAsmClient.showMeshUpgrade", () => {
  it("GETs the task under the project (signed) and returns it as the API shapes it", async () => {
    const uid = await seedTask();
    const task = await asm.showMeshUpgrade(uid);
    expect(task).toMatchObject({
      kind: "MeshUpgrade",
      apiVersion: "v1",
      metadata: { name: "upgrade-1-15", uid },
      spec: { meshId: "mesh-1", upgradeStrategy: "canary", targetVersion: "1.15.5", targetType: "CSM" },
      status: { state: "Running", currentStep: { phase: "Running" } },
    });
    expect(await requests()).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `/v1/${EMULATOR_HUAWEI_PROJECT_ID}/mesh-upgrade/${uid}`,
        service: "huawei-asm",
        status: 200,
      }),
    ]);
  });

  it("sees the task move on between reads", async () => {
    const uid = await seedTask();
    await admin("POST", `/huawei/asm/mesh-upgrade/${uid}/advance`, {
      phase: "DataPlaneUpgrading",
      afterReads: 1,
    });
    expect((await asm.showMeshUpgrade(uid)).status?.currentStep?.phase).toBe("Running");
    expect((await asm.showMeshUpgrade(uid)).status?.currentStep?.phase).toBe("DataPlaneUpgrading");
  });

  it("surfaces a missing task as HTTP 404, without retrying", async () => {
    const error = await asm.showMeshUpgrade("no-such-task").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect(error).toMatchObject({ status: 404, code: "ASM.01010002", operation: "GetCanaryUpgrade", service: "ASM" });
    expect(await requests()).toHaveLength(1);
  });
});

describe("MeshUpgradeWireSchema", () => {
  it("accepts a sparse body with unknown fields", () => {
    const parsed = MeshUpgradeWireSchema.parse({
      metadata: { uid: "u" },
      status: { state: "Running", extra: 1 },
      spec: null,
      more: [1],
    });
    expect(parsed.status).toEqual({ state: "Running", extra: 1 });
    expect(parsed.spec).toBeNull();
  });

  it("rejects a documented field of the wrong type", () => {
    expect(MeshUpgradeWireSchema.safeParse({ status: { state: 3 } }).success).toBe(false);
  });
});
