/**
 * `VpcChannel` provider implementation, loaded at call time by the serialized shim. It only orchestrates: rules in
 * `args.ts` and `diff.ts`, stored shapes in `state.ts`, the wire in `wire.ts` and `clouds/huawei/apig.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError, ConflictError, explainCloudError } from "../core/errors";
import { registerSecretValue } from "../core/secrets";
import { resolveHuaweiPlacement } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown } from "../core/unknowns";
import { apigClient, ApigClient, isNotFound, VpcChannelWire } from "../clouds/huawei/apig";
import { huaweiAuthHint } from "../clouds/huawei/protocol";
import { applyPlan, groupsStillInUse, isNoop, planChannel } from "./apply";
import { diffChannel, validateChannel } from "./diff";
import {
  ChannelOutputs,
  ChannelState,
  managedBlocks,
  migrateStoredInputs,
  normalizeChannel,
  parseStoredOutputs,
  readStoredOutputs,
  toOutputs,
} from "./state";
import { fieldSets, legacyFieldSets, refreshedInputs } from "./refresh";
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

/**
 * Makes the live channel match the desired state, from a fresh read: sub-API writes for members, groups and the
 * health check, the channel PUT only for its own fields (see `apply.ts`). Returns the outputs: the read before it
 * completed with what the writes answered, or after a PUT a read-back.
 */
async function converge(
  api: ApigClient,
  desired: ChannelState,
  id: string,
  wire?: VpcChannelWire,
): Promise<ChannelOutputs> {
  const managed = managedBlocks(desired);
  const show = () => api.showVpcChannel(desired.instanceId, id);
  const liveWire = wire ?? (await show());
  const live = channelFromWire(liveWire, desired, desired);
  const plan = planChannel(desired, live);
  if (isNoop(plan)) return toOutputs(live, desired, managed, fieldSets(desired));
  const inUse = groupsStillInUse(plan, live)[0];
  if (inUse) {
    throw new ConflictError(
      `VpcChannel ${desired.name}`,
      `memberGroups["${inUse.name}"]`,
      `the group still has ${inUse.members} member(s) this resource does not manage (another stack's, or added in the console), and removing the group would drop them. Move or remove those members first, or keep the group in memberGroups`,
    );
  }
  // Sub-API answers complete the read the plan came from; only a PUT needs a read-back.
  const after = (await applyPlan(api, desired, id, live, plan, liveWire)) ?? (await show());
  return toOutputs(channelFromWire(after, desired, desired), desired, managed, fieldSets(desired));
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
    const d = diffChannel(readStoredOutputs(olds, id), migrateStoredInputs(news));
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
    const live = channelFromWire(wire, stored, stored);
    const outs = toOutputs(live, stored, stored.__managed, stored.__fields ?? legacyFieldSets(stored));
    return { id, props: outs, inputs: refreshedInputs(outs) };
  },

  async update(id: string, _olds: unknown, news: ChannelState): Promise<pulumi.dynamic.UpdateResult> {
    try {
      return { outs: await converge(client(news), news, id) };
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
