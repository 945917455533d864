/**
 * Huawei ASM mesh canary-upgrade tasks: `getMeshUpgrade` and the tracked lookup's provider methods with its
 * state/phase gate, against the emulator (whose `advance` moves a task on, now or after N reads).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { adminCall, requestLog, useEmulatorEnv } from "../support/emulator";
import { EMULATOR_HUAWEI_PROJECT_ID } from "../../src/emulator/keys";
import {
  describeMeshUpgrade,
  getMeshUpgrade,
  getMeshUpgradeOutput,
  MeshUpgrade,
  meshUpgradeFromWire,
  MeshUpgradeLookupInput,
  MeshUpgradeLookupOutputs,
  meshUpgradeLookupProvider as provider,
  meshUpgradeReached,
} from "../../src/lookups/meshUpgrade";
import { WaitTimeoutError } from "../../src/core/poll";
import { UNKNOWN } from "../../src/core/unknowns";
import { CloudApiError, InputError } from "../../src/core/errors";

import { huaweiEmulatorEnv, PRECHECK_UPGRADE, valueOf } from "../support/fixtures";

const PROJECT = EMULATOR_HUAWEI_PROJECT_ID;
let logged: string[] = [];
let uid: string;

const emulator = useEmulatorEnv(huaweiEmulatorEnv);
const admin = (method: string, path: string, body?: unknown) => adminCall(emulator.url(), method, path, body);

const cloudCalls = async () => (await requestLog<{ action: string }>(emulator.url())).map((r) => r.action);
const advance = (body: object) => admin("POST", `/huawei/asm/mesh-upgrade/${uid}/advance`, body);

interface SeededTask {
  metadata: { uid: string; creationTimestamp: string };
  status: { currentStep: { startTime: string }; updatedAt: string };
}

async function checked(raw: Record<string, unknown>) {
  const result = await provider.check({}, raw);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as MeshUpgradeLookupInput & { projectId: string; region: string };
}

let seeded: SeededTask;

beforeEach(async () => {
  await admin("POST", "/reset");
  seeded = (await admin("POST", "/huawei/asm/mesh-upgrade", PRECHECK_UPGRADE)) as SeededTask;
  uid = seeded.metadata.uid;
  await admin("DELETE", "/requests");
  logged = [];
  jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
});
afterEach(() => {
  jest.restoreAllMocks();
});

function expectedTask(): MeshUpgrade {
  return {
    meshUpgradeId: uid,
    projectId: PROJECT,
    region: "cn-north-4",
    kind: "MeshUpgrade",
    apiVersion: "v1",
    metadata: { name: "upgrade-1-15", uid, creationTimestamp: seeded.metadata.creationTimestamp },
    spec: PRECHECK_UPGRADE.spec,
    status: {
      state: "Running",
      currentStep: { id: "precheck", phase: "PreChecking", startTime: seeded.status.currentStep.startTime },
      updatedAt: seeded.status.updatedAt,
    },
    state: "Running",
    phase: "PreChecking",
  };
}

describe("meshUpgradeFromWire, meshUpgradeReached, describeMeshUpgrade (pure)", () => {
  const where = { meshUpgradeId: "t", projectId: PROJECT, region: "cn-north-4" };

  it("keeps nested objects present for a sparse task", () => {
    const task = meshUpgradeFromWire({ status: { state: "Succeeded" } }, where);
    expect(task).toEqual({
      ...where,
      metadata: {},
      spec: { currentStep: {} },
      status: { state: "Succeeded", currentStep: {} },
      state: "Succeeded",
    });
    expect(describeMeshUpgrade(task)).toBe("state Succeeded, phase (none)");
  });

  it.each<[{ states?: string[]; phases?: string[] }, boolean]>([
    [{ states: ["Running"] }, true],
    [{ states: ["Succeeded"] }, false],
    [{ phases: ["PreChecking", "Completed"] }, true],
    [{ states: ["Running"], phases: ["Completed"] }, false],
    [{ states: ["running"] }, false],
  ])("reached(%j) is %s for Running/PreChecking", (wanted, expected) => {
    const task = meshUpgradeFromWire({ status: { state: "Running", currentStep: { phase: "PreChecking" } } }, where);
    expect(meshUpgradeReached(task, wanted)).toBe(expected);
  });
});

describe("getMeshUpgrade", () => {
  it("returns metadata, spec and status, with state and phase lifted", async () => {
    expect(await getMeshUpgrade({ meshUpgradeId: uid })).toEqual(expectedTask());
    expect(await cloudCalls()).toEqual(["ShowMeshUpgrade"]);
  });

  it("has an Output form", async () => {
    expect(await valueOf(getMeshUpgradeOutput({ meshUpgradeId: Promise.resolve(uid), region: "cn-north-4" }))).toEqual(
      expectedTask(),
    );
  });

  it("says which task is missing where", async () => {
    const error = await getMeshUpgrade({ meshUpgradeId: "no-such-task" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect((error as Error).message).toMatch(
      new RegExp(`mesh upgrade task no-such-task not found in project ${PROJECT}, region cn-north-4`),
    );
  });

  it("rejects bad arguments before any call", async () => {
    const error = await getMeshUpgrade({ meshUpgradeId: "../x", projectId: "short" }).catch((e: unknown) => e);
    expect((error as InputError).failures).toEqual([
      { property: "meshUpgradeId", reason: expect.stringMatching(/1–128 letters/) },
      { property: "projectId", reason: expect.stringMatching(/32-character hexadecimal/) },
    ]);
    expect(await cloudCalls()).toEqual([]);
  });
});

describe("MeshUpgradeLookup provider", () => {
  it("without waitFor: reads once; a second up is a no-op", async () => {
    const inputs = await checked({ meshUpgradeId: uid });
    expect(inputs).toEqual({ meshUpgradeId: uid, projectId: PROJECT, region: "cn-north-4" });
    const { id, outs } = await provider.create(inputs);
    expect(id).toBe(uid);
    expect(outs).toEqual({ ...expectedTask(), __seen: expect.any(String), __accepted: outs.__seen });
    expect(() => Struct.fromJavaScript(outs)).not.toThrow();
    expect(await provider.diff(id, outs, await checked({ meshUpgradeId: uid }))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await cloudCalls()).toEqual(["ShowMeshUpgrade"]);
  });

  it("gate: waits until the task reaches a wanted phase, logging state and phase", async () => {
    await advance({ stepName: "dataplane", afterReads: 1 });
    await advance({ phase: "DataPlaneUpgrading", afterReads: 1 });
    const inputs = await checked({
      meshUpgradeId: uid,
      waitFor: { phases: ["DataPlaneUpgrading", "Completed"], timeoutSeconds: 10, intervalSeconds: 0.1 },
    });
    const { outs } = await provider.create(inputs);
    expect(outs).toMatchObject({
      phase: "DataPlaneUpgrading",
      state: "Running",
      status: { currentStep: { id: "dataplane" } },
    });
    expect(await cloudCalls()).toEqual(Array(3).fill("ShowMeshUpgrade"));
    expect(logged).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[canary-mesh\\] MeshUpgradeLookup ${uid}: state Running, phase PreChecking \\(step precheck, spec step precheck, started `,
        ),
      ),
      expect.stringMatching(/state Running, phase Running \(step dataplane, spec step dataplane, started /),
    ]);
  });

  it("gate: waits on state and phase together", async () => {
    await advance({ phase: "Completed", afterReads: 1 });
    await advance({ state: "Succeeded", afterReads: 1 });
    const inputs = await checked({
      meshUpgradeId: uid,
      waitFor: { states: ["Succeeded"], phases: ["Completed"], timeoutSeconds: 5, intervalSeconds: 0.1 },
    });
    expect((await provider.create(inputs)).outs).toMatchObject({ state: "Succeeded", phase: "Completed" });
    expect(logged.map((l) => l.replace(/ \(step.*$/, ""))).toEqual([
      `[canary-mesh] MeshUpgradeLookup ${uid}: state Running, phase PreChecking`,
      `[canary-mesh] MeshUpgradeLookup ${uid}: state Running, phase Completed`,
    ]);
  });

  it("gate: times out saying what it saw and what it wanted", async () => {
    const inputs = await checked({
      meshUpgradeId: uid,
      waitFor: { states: ["Succeeded"], timeoutSeconds: 1, intervalSeconds: 0.2 },
    });
    const error = await provider.create(inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Timed out after 1\\.\\d s \\(\\d+ reads\\) waiting for mesh upgrade task ${uid} to reach state in \\[Succeeded\\]\\. ` +
          `Last seen: state Running, phase PreChecking \\(step precheck`,
      ),
    );
  });

  it("refresh reports drift when the task moved on, and none when it did not", async () => {
    const inputs = await checked({ meshUpgradeId: uid });
    const { id, outs } = await provider.create(inputs);
    const same = await provider.read(id, outs as MeshUpgradeLookupOutputs);
    expect((await provider.diff(id, same.props, inputs)).changes).toBe(false);
    await advance({ state: "Failed" });
    const refreshed = await provider.read(id, same.props as MeshUpgradeLookupOutputs);
    expect(refreshed.props).toMatchObject({ state: "Failed", __accepted: outs.__accepted });
    expect(await provider.diff(id, refreshed.props, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await provider.update(id, refreshed.props as MeshUpgradeLookupOutputs, inputs);
    expect((await provider.diff(id, updated.outs, inputs)).changes).toBe(false);
  });

  it("a new waitFor updates; a new task, project or region replaces", async () => {
    const { id, outs } = await provider.create(await checked({ meshUpgradeId: uid }));
    const gated = await checked({ meshUpgradeId: uid, waitFor: { states: ["Running"] } });
    expect(await provider.diff(id, outs, gated)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await provider.update(id, outs as MeshUpgradeLookupOutputs, gated)).outs).toMatchObject({
      waitFor: { states: ["Running"] },
    });
    const base = { meshUpgradeId: uid, projectId: PROJECT, region: "cn-north-4" };
    expect((await provider.diff(id, outs, { ...base, meshUpgradeId: "other" })).replaces).toEqual(["meshUpgradeId"]);
    expect((await provider.diff(id, outs, { ...base, projectId: "f".repeat(32) })).replaces).toEqual(["projectId"]);
    expect((await provider.diff(id, outs, { ...base, region: UNKNOWN })).replaces).toEqual(["region"]);
  });

  it("refresh fails clearly when the task vanished", async () => {
    const { id, outs } = await provider.create(await checked({ meshUpgradeId: uid }));
    await admin("POST", "/reset");
    await expect(provider.read(id, outs as MeshUpgradeLookupOutputs)).rejects.toThrow(
      new RegExp(`mesh upgrade task ${uid} not found .*deleted outside Pulumi`),
    );
  });

  it("delete makes no cloud call", async () => {
    const { id, outs } = await provider.create(await checked({ meshUpgradeId: uid }));
    await admin("DELETE", "/requests");
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await cloudCalls()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Array<[string, RegExp]>]>([
    ["missing task id", {}, [["meshUpgradeId", /meshUpgradeId is required/]]],
    [
      "waitFor without a condition",
      { meshUpgradeId: "t", waitFor: { timeoutSeconds: 5 } },
      [["waitFor", /waitFor must list states, phases or both/]],
    ],
    [
      "an empty phase list",
      { meshUpgradeId: "t", waitFor: { phases: [] } },
      [["waitFor.phases", /at least one value/]],
    ],
    [
      "an empty state string",
      { meshUpgradeId: "t", waitFor: { states: ["Succeeded", ""] } },
      [["waitFor.states[1]", /must not be empty strings/]],
    ],
    [
      "states not a list",
      { meshUpgradeId: "t", waitFor: { states: "Succeeded" } },
      [["waitFor.states", /must be a list of strings/]],
    ],
    [
      "a bad timeout",
      { meshUpgradeId: "t", waitFor: { phases: ["x"], timeoutSeconds: 0 } },
      [["waitFor.timeoutSeconds", /more than 0/]],
    ],
    ["a bad project id", { meshUpgradeId: "t", projectId: "nope" }, [["projectId", /32-character hexadecimal/]]],
    [
      "a misspelt key",
      { meshUpgradeId: "t", waitFor: { phase: ["x"] } },
      [
        ["waitFor.phase", /unknown property "phase"/],
        ["waitFor", /waitFor must list states, phases or both/],
      ],
    ],
  ])("check rejects %s with the property path and rule, before any call", async (_name, raw, expected) => {
    const result = await provider.check({}, raw);
    expect(result.failures).toEqual(
      expected.map(([property, reason]) => ({ property, reason: expect.stringMatching(reason) })),
    );
    expect(await cloudCalls()).toEqual([]);
  });

  it("check lets preview unknowns through untouched", async () => {
    const news = { meshUpgradeId: UNKNOWN, waitFor: { phases: [UNKNOWN, "Completed"], timeoutSeconds: 60 } };
    expect(await provider.check({}, news)).toEqual({ inputs: news });
  });
});
