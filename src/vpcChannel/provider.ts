/**
 * `VpcChannel` provider implementation, loaded at call time by the serialized shim. It only orchestrates: the
 * rules live in `args.ts`, the planning in `plan.ts`, the wire in `clouds/huawei/apig.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError } from "../core/errors";
import { registerSecretValue } from "../core/secrets";
import { resolveHuaweiSettings } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown } from "../core/unknowns";
import { ApigClient, VpcChannelWire } from "../clouds/huawei/apig";
import { huaweiAuthHint, huaweiClient } from "../clouds/huawei/protocol";
import {
  ChannelOutputs,
  ChannelState,
  channelFromWire,
  diffChannel,
  managedBlocks,
  normalizeChannel,
  refreshedInputs,
  toOutputs,
  toWireBody,
  validateChannel,
} from "./plan";

function clientFor(state: Pick<ChannelState, "projectId" | "region">): ApigClient {
  const settings = resolveHuaweiSettings(getProviderConfig(), process.env, {
    projectId: state.projectId,
    region: state.region,
  });
  const http = huaweiClient("APIG", settings.apigEndpoint, settings.projectId, settings.auth, {
    policy: settings.retry,
  });
  return new ApigClient(http, settings.projectId);
}

function isNotFound(err: unknown): boolean {
  return err instanceof CloudApiError && (err.code === "APIG.3023" || (err.status === 404 && err.code !== "APIG.3030"));
}

/** Adds the next step to errors users can act on. */
function explain(err: unknown, name: string): unknown {
  if (!(err instanceof CloudApiError)) return err;
  const auth = huaweiAuthHint(err.code);
  if (auth) return err.withHint(auth);
  switch (err.code) {
    case "APIG.3208":
      return err.withHint(
        `A channel named "${name}" already exists on this gateway. To manage it with this resource, set adopt: true (or adoptId); otherwise choose another name. If an earlier pulumi up was interrupted while creating it, this is that channel: run pulumi refresh --clear-pending-creates, then set adopt: true`,
      );
    case "APIG.3414":
      return err.withHint(
        `Channel "${name}" is still used by APIs: detach those APIs from the channel (or delete them) first, then run pulumi up again`,
      );
    case "APIG.3109":
      return err.withHint(
        "The gateway's channel quota is used up: delete unused channels or ask Huawei Cloud to raise the quota",
      );
    case "APIG.3030":
      return err.withHint("Check instanceId: the dedicated gateway does not exist in this project and region");
    default:
      return err;
  }
}

async function showLive(client: ApigClient, state: ChannelState, id: string): Promise<VpcChannelWire> {
  return client.showVpcChannel(state.instanceId, id);
}

/** After create or adoption: make the live channel match, if it does not already. */
async function converge(
  client: ApigClient,
  desired: ChannelState,
  id: string,
  wire: VpcChannelWire,
): Promise<ChannelOutputs> {
  const managed = managedBlocks(desired);
  let live = channelFromWire(wire, desired);
  const diff = diffChannel(toOutputs(live, desired, managed), desired);
  if (diff.changes) {
    await client.updateVpcChannel(desired.instanceId, id, toWireBody(desired, live));
    live = channelFromWire(await showLive(client, desired, id), desired);
  }
  return toOutputs(live, desired, managed);
}

/** True when some block that applies to this channel type is left unmanaged, so PUT must carry its live value. */
function needsLiveBlocks(desired: ChannelState): boolean {
  const applicable = ["memberGroups", "healthCheck"];
  if (desired.channelType !== "reference") applicable.push("members");
  if (desired.channelType === "microservice") applicable.push("microservice");
  return applicable.some((block) => desired[block as keyof ChannelState] === undefined);
}

export const vpcChannelProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { input, failures } = validateChannel(news);
    if (failures.length > 0) return { failures };
    // Unknown during preview: checked again once known; pass through untouched.
    if (!input || containsUnknown(news)) return { inputs: news };
    registerSecretValue(input.microservice?.nacos?.user.password);
    const settings = resolveHuaweiSettings(getProviderConfig(), process.env, {
      projectId: input.projectId,
      region: input.region,
    });
    return {
      inputs: normalizeChannel(input, { projectId: settings.projectId, region: settings.region }) as unknown as Record<
        string,
        unknown
      >,
    };
  },

  async diff(_id: string, olds: ChannelOutputs, news: ChannelState): Promise<pulumi.dynamic.DiffResult> {
    const d = diffChannel(olds, news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  },

  async create(inputs: ChannelState): Promise<pulumi.dynamic.CreateResult> {
    const client = clientFor(inputs);
    try {
      const adoptId =
        inputs.adoptId ??
        (inputs.adopt ? (await client.findVpcChannelByName(inputs.instanceId, inputs.name))?.id : undefined);
      if (adoptId) {
        const wire = await showLive(client, inputs, adoptId);
        return { id: adoptId, outs: await converge(client, inputs, adoptId, wire) };
      }
      const created = await client.createVpcChannel(inputs.instanceId, toWireBody(inputs), async () => {
        // The outcome is unknown: look the channel up by its exact name before anything is re-sent.
        const found = await client.findVpcChannelByName(inputs.instanceId, inputs.name);
        return found ? showLive(client, inputs, found.id) : undefined;
      });
      const wire = await showLive(client, inputs, created.id);
      return { id: created.id, outs: await converge(client, inputs, created.id, wire) };
    } catch (err) {
      throw explain(err, inputs.name);
    }
  },

  async read(id: string, props: ChannelOutputs): Promise<pulumi.dynamic.ReadResult> {
    const client = clientFor(props);
    let wire: VpcChannelWire;
    try {
      wire = await showLive(client, props, id);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw explain(err, props.name);
    }
    const managed = props.__managed ?? [];
    const outs = toOutputs(channelFromWire(wire, props), props, managed);
    return { id, props: outs, inputs: refreshedInputs(outs) as unknown as Record<string, unknown> };
  },

  async update(id: string, _olds: ChannelOutputs, news: ChannelState): Promise<pulumi.dynamic.UpdateResult> {
    const client = clientFor(news);
    const managed = managedBlocks(news);
    try {
      // PUT overwrites every block: read the live channel first when some block is not managed here.
      const live = needsLiveBlocks(news) ? channelFromWire(await showLive(client, news, id), news) : undefined;
      await client.updateVpcChannel(news.instanceId, id, toWireBody(news, live));
      const after = channelFromWire(await showLive(client, news, id), news);
      return { outs: toOutputs(after, news, managed) };
    } catch (err) {
      throw explain(err, news.name);
    }
  },

  async delete(id: string, props: ChannelOutputs): Promise<void> {
    const client = clientFor(props);
    try {
      await client.deleteVpcChannel(props.instanceId, id);
    } catch (err) {
      if (isNotFound(err)) return;
      throw explain(err, props.name);
    }
  },
};
