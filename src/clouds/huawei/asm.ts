/**
 * Huawei Cloud Application Service Mesh (ASM, API v1): mesh canary-upgrade tasks.
 * Endpoints, wire schemas (tolerant of unknown fields), typed calls and the client factory.
 */
import { z } from "zod";
import { CloudApiError } from "../../core/errors";
import { HttpClient } from "../../core/http";
import { ConfigSource } from "../../core/settings";
import { str } from "../wire";
import { huaweiClient } from "./protocol";

// ---------------------------------------------------------------- schemas (wire)

export const MeshUpgradeMetadataWireSchema = z.object({ name: str, uid: str, creationTimestamp: str }).passthrough();

/** `MeshCanaryUpgradeCurrentStep` (spec side): the step the task is asked to run. */
export const MeshUpgradeSpecStepWireSchema = z.object({ name: str, action: str }).passthrough();

export const MeshUpgradeSpecWireSchema = z
  .object({
    meshId: str,
    upgradeStrategy: str,
    targetVersion: str,
    targetType: str,
    currentStep: MeshUpgradeSpecStepWireSchema.nullish(),
  })
  .passthrough();

/** `MeshCanaryUpgeadeCurrentStepStatus` (status side): where the step is. The enumerations are not published. */
export const MeshUpgradeStatusStepWireSchema = z.object({ id: str, phase: str, startTime: str }).passthrough();

export const MeshUpgradeStatusWireSchema = z
  .object({ state: str, currentStep: MeshUpgradeStatusStepWireSchema.nullish(), updatedAt: str })
  .passthrough();

/** GetCanaryUpgrade response (`kind: MeshUpgrade`, `apiVersion: v1`). */
export const MeshUpgradeWireSchema = z
  .object({
    kind: str,
    apiVersion: str,
    metadata: MeshUpgradeMetadataWireSchema.nullish(),
    spec: MeshUpgradeSpecWireSchema.nullish(),
    status: MeshUpgradeStatusWireSchema.nullish(),
  })
  .passthrough();
export type MeshUpgradeWire = z.infer<typeof MeshUpgradeWireSchema>;

// ---------------------------------------------------------------- calls

export class HuaweiAsmClient {
  constructor(
    private readonly http: HttpClient,
    private readonly projectId: string,
  ) {}

  /** GetCanaryUpgrade. A missing task is HTTP 404. */
  showMeshUpgrade(meshUpgradeId: string): Promise<MeshUpgradeWire> {
    return this.http.call({
      operation: "GetCanaryUpgrade",
      request: {
        method: "GET",
        path: `/v1/${this.projectId}/mesh-upgrade/${meshUpgradeId}`,
        query: [],
        headers: {},
      },
      schema: MeshUpgradeWireSchema,
    });
  }
}

// ---------------------------------------------------------------- client factory and errors

/** The ASM client for a placement (argument > stack config > environment), with its resolved place. */
export const huaweiAsmClient = (config: ConfigSource, placement: { projectId?: string; region?: string }) =>
  huaweiClient("ASM", HuaweiAsmClient, config, placement);

/** The task does not exist: the reference documents only 200 and 404. */
export function isNotFound(err: unknown): boolean {
  return err instanceof CloudApiError && err.status === 404;
}
