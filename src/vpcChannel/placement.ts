/**
 * Where a resource of the channel family lives: the placement arguments and their schemas, one each. Kept apart
 * from the kit (which holds the client) so the public declarations never reach the cloud clients.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { text } from "../core/rules";
import { HuaweiProjectIdSchema, RegionSchema } from "../core/settings";

/** Where a channel-family resource lives: the gateway, and the project and region (defaults from settings). */
export interface PlacementArgs {
  /** Dedicated gateway id. Changing it replaces the resource. */
  instanceId: pulumi.Input<string>;
  /** Project id; default: `canary-mesh:huaweiProjectId` or `HUAWEICLOUD_SDK_PROJECT_ID`/`HW_PROJECT_ID`. Changing it replaces. */
  projectId?: pulumi.Input<string>;
  /** Region; default: `canary-mesh:huaweiRegion` or `HW_REGION_NAME`. Changing it replaces. */
  region?: pulumi.Input<string>;
}

const InstanceIdSchema = text("instanceId", 1, 64).regex(
  /^[A-Za-z0-9_-]+$/,
  "instanceId may contain only letters, digits, - and _",
);

/** A channel id (32 hexadecimal characters), named `what` in messages. */
export const channelIdSchema = (what: string) =>
  z
    .string({ required_error: `${what} is required`, invalid_type_error: `${what} must be a string` })
    .regex(/^[0-9a-f]{32}$/, `${what} must be a 32-character hexadecimal channel id`);

/** The placement fields of an input schema. */
export const PLACEMENT = {
  instanceId: InstanceIdSchema,
  projectId: HuaweiProjectIdSchema.optional(),
  region: RegionSchema.optional(),
};

/** The stored placement of a resource inside a channel owned elsewhere (resolved: project and region known). */
export const STORED_IN_CHANNEL = {
  instanceId: z.string(),
  vpcChannelId: z.string(),
  projectId: z.string(),
  region: z.string(),
  adopt: z.boolean().optional(),
};

/** Placement keys whose change replaces a resource inside a channel owned elsewhere. */
export const IN_CHANNEL_REPLACE_KEYS = ["instanceId", "vpcChannelId", "projectId", "region"] as const;
