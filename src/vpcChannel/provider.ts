/**
 * `VpcChannel` provider implementation, loaded at call time by the serialized shim. It only orchestrates: rules in
 * `args.ts` and `diff.ts`, stored shapes in `state.ts`, the wire in `wire.ts` and `clouds/huawei/apig.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError, explainCloudError } from "../core/errors";
import { registerSecretValue } from "../core/secrets";
import { resolveHuaweiPlacement } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown } from "../core/unknowns";
import { apigClient, ApigClient, isNotFound, VpcChannelWire } from "../clouds/huawei/apig";
import { huaweiAuthHint } from "../clouds/huawei/protocol";
import { diffChannel, validateChannel } from "./diff";
import {
  ChannelOutputs,
  ChannelState,
  managedBlocks,
  migrateStoredInputs,
  normalizeChannel,
  parseStoredOutputs,
  refreshedInputs,
  toOutputs,
} from "./state";
import { channelFromWire, toWireBody } from "./wire";

const client = (at: Pick<ChannelState, "projectId" | "region">): ApigClient =>
  apigClient(getProviderConfig(), at).client;

/** What to do next, for the APIG codes users can act on. */
const HINTS: Record<string, (name: string) => string> = {
  "APIG.3208": (name) =>
    `A channel named "${name}" already exists on this gateway. To manage it with this resource, set adopt: true (or adoptId); otherwise choose another name. If an earlier pulumi up was interrupted while creating it, this is that channel: run pulumi refresh --clear-pending-creates, then set adopt: true`,
  "APIG.3414": (name) =>
    `Channel "${name}" is still used by APIs: detach those APIs from the channel (or delete them) first, then run pulumi up again`,
  "APIG.3109": () =>
    "The gateway's channel quota is used up: delete unused channels or ask Huawei Cloud to raise the quota",
  "APIG.3030": () => "Check instanceId: the dedicated gateway does not exist in this project and region",
  "APIG.2012": () =>
    "The gateway refused a value as malformed; if it names the id, the channel id in state is not one the gateway accepts (32 hexadecimal characters): check adoptId, or the state",
};

function explain(err: unknown, name: string): unknown {
  return explainCloudError(err, huaweiAuthHint, (e: CloudApiError) => {
    const hint = e.code ? HINTS[e.code] : undefined;
    return hint ? e.withHint(hint(name)) : undefined;
  });
}

/** After create or adoption: make the live channel match, if it does not already. */
async function converge(
  api: ApigClient,
  desired: ChannelState,
  id: string,
  wire: VpcChannelWire,
): Promise<ChannelOutputs> {
  const managed = managedBlocks(desired);
  let live = channelFromWire(wire, desired, desired);
  if (diffChannel(toOutputs(live, desired, managed), desired).changes) {
    await api.updateVpcChannel(desired.instanceId, id, toWireBody(desired, live));
    live = channelFromWire(await api.showVpcChannel(desired.instanceId, id), desired, desired);
  }
  return toOutputs(live, desired, managed);
}

/** True when some block that applies to this channel type is left unmanaged, so PUT must carry its live value. */
function needsLiveBlocks(desired: ChannelState): boolean {
  const applicable: Array<keyof ChannelState> = ["memberGroups", "healthCheck"];
  if (desired.channelType !== "reference") applicable.push("members");
  if (desired.channelType === "microservice") applicable.push("microservice");
  return applicable.some((block) => desired[block] === undefined);
}

export const vpcChannelProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { input, failures } = validateChannel(news);
    if (failures.length > 0) return { failures };
    // Unknown during preview: checked again once known; pass through untouched.
    if (!input || containsUnknown(news)) return { inputs: news };
    registerSecretValue(input.microservice?.nacos?.user.password);
    const placement = resolveHuaweiPlacement(getProviderConfig(), process.env, input);
    return { inputs: normalizeChannel(input, placement) };
  },

  async diff(id: string, olds: unknown, news: ChannelState): Promise<pulumi.dynamic.DiffResult> {
    const d = diffChannel(parseStoredOutputs(olds, id), migrateStoredInputs(news));
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  },

  async create(inputs: ChannelState): Promise<pulumi.dynamic.CreateResult> {
    const api = client(inputs);
    try {
      const adoptId =
        inputs.adoptId ??
        (inputs.adopt ? (await api.findVpcChannelByName(inputs.instanceId, inputs.name))?.id : undefined);
      if (adoptId) {
        const wire = await api.showVpcChannel(inputs.instanceId, adoptId);
        return { id: adoptId, outs: await converge(api, inputs, adoptId, wire) };
      }
      const created = await api.createVpcChannel(inputs.instanceId, toWireBody(inputs), async () => {
        // The outcome is unknown: look the channel up by its exact name before anything is re-sent.
        const found = await api.findVpcChannelByName(inputs.instanceId, inputs.name);
        return found ? api.showVpcChannel(inputs.instanceId, found.id) : undefined;
      });
      const wire = await api.showVpcChannel(inputs.instanceId, created.id);
      return { id: created.id, outs: await converge(api, inputs, created.id, wire) };
    } catch (err) {
      throw explain(err, inputs.name);
    }
  },

  async read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = parseStoredOutputs(props, id);
    let wire: VpcChannelWire;
    try {
      wire = await client(stored).showVpcChannel(stored.instanceId, id);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw explain(err, stored.name);
    }
    const outs = toOutputs(channelFromWire(wire, stored, stored), stored, stored.__managed);
    return { id, props: outs, inputs: refreshedInputs(outs) };
  },

  async update(id: string, _olds: unknown, news: ChannelState): Promise<pulumi.dynamic.UpdateResult> {
    const api = client(news);
    try {
      // PUT overwrites every block: read the live channel first when some block is not managed here.
      const live = needsLiveBlocks(news)
        ? channelFromWire(await api.showVpcChannel(news.instanceId, id), news, news)
        : undefined;
      await api.updateVpcChannel(news.instanceId, id, toWireBody(news, live));
      const after = channelFromWire(await api.showVpcChannel(news.instanceId, id), news, news);
      return { outs: toOutputs(after, news, managedBlocks(news)) };
    } catch (err) {
      throw explain(err, news.name);
    }
  },

  async delete(id: string, props: unknown): Promise<void> {
    const stored = parseStoredOutputs(props, id);
    try {
      await client(stored).deleteVpcChannel(stored.instanceId, id);
    } catch (err) {
      if (isNotFound(err)) return;
      throw explain(err, stored.name);
    }
  },
};
