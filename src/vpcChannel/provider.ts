/**
 * `VpcChannel` provider implementation, loaded at call time by the stored shim. It only orchestrates: rules in
 * `args.ts`, stored shapes in `state.ts`, the comparison in `diff.ts`, the writes in `apply.ts`, refreshed inputs
 * in `refresh.ts`; placement, client, stored-state parsing and error hints come from the family kit.
 */
import type * as pulumi from "@pulumi/pulumi";
import { registerSecretValue } from "../core/secrets";
import { convergeChannel } from "./apply";
import { validateChannel } from "./args";
import { diffChannel } from "./diff";
import { apigAt, ApigHints, apigStep, familyKit } from "./kit";
import { legacyFieldSets, refreshedInputs } from "./refresh";
import {
  ChannelOutputsSchema,
  ChannelState,
  migrateStoredInputs,
  normalizeChannel,
  readStoredOutputs,
  toOutputs,
} from "./state";
import { channelFromWire, toWireBody } from "./wire";

/** What to do next, for the APIG codes users can act on. */
const hints = (name: string): ApigHints => ({
  "APIG.3208": `A channel named "${name}" already exists on this gateway. To manage it with this resource, set adopt: true (or adoptId); otherwise choose another name. If an earlier pulumi up was interrupted while creating it, this is that channel: run pulumi refresh --clear-pending-creates, then set adopt: true`,
  "APIG.3414": `Channel "${name}" is still used by APIs: detach those APIs from the channel (or delete them) first, then run pulumi up again`,
  "APIG.3109": "The gateway's channel quota is used up: delete unused channels or ask Huawei Cloud to raise the quota",
  "APIG.3030": "Check instanceId: the dedicated gateway does not exist in this project and region",
  "APIG.2012":
    "The gateway refused a value as malformed; if it names the id, the channel id in state is not one the gateway accepts (32 hexadecimal characters): check adoptId, or the state",
});

const kit = familyKit({
  resource: "VpcChannel",
  validate: validateChannel,
  normalize: (input, placement) => {
    registerSecretValue(input.microservice?.nacos?.user.password);
    return normalizeChannel(input, placement);
  },
  outputs: ChannelOutputsSchema,
  readForDiff: readStoredOutputs,
  diff: (olds, news: ChannelState) => diffChannel(olds, migrateStoredInputs(news)),
});

export const vpcChannelProvider = {
  check: kit.check,
  diff: kit.diff,

  create(inputs: ChannelState): Promise<pulumi.dynamic.CreateResult> {
    const api = apigAt(inputs);
    return apigStep(hints(inputs.name), async () => {
      const adoptId =
        inputs.adoptId ??
        (inputs.adopt ? (await api.findVpcChannelByName(inputs.instanceId, inputs.name))?.id : undefined);
      if (adoptId) return { id: adoptId, outs: await convergeChannel(api, inputs, adoptId) };
      const created = await api.createVpcChannel(inputs.instanceId, toWireBody(inputs), async () => {
        // The outcome is unknown: look the channel up by its exact name before anything is re-sent.
        const found = await api.findVpcChannelByName(inputs.instanceId, inputs.name);
        return found ? api.showVpcChannel(inputs.instanceId, found.id) : undefined;
      });
      return { id: created.id, outs: await convergeChannel(api, inputs, created.id) };
    });
  },

  /** A channel deleted outside Pulumi reads as gone (no id), and the engine drops it from state. */
  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = kit.parseStored(props, id);
    return apigStep(
      hints(stored.name),
      async () => {
        const live = channelFromWire(await apigAt(stored).showVpcChannel(stored.instanceId, id), stored);
        const outs = toOutputs(live, stored, stored.__managed, stored.__fields ?? legacyFieldSets(stored));
        return { id, props: outs, inputs: refreshedInputs(outs) };
      },
      () => ({}),
    );
  },

  update(id: string, _olds: unknown, news: ChannelState): Promise<pulumi.dynamic.UpdateResult> {
    return apigStep(hints(news.name), async () => ({ outs: await convergeChannel(apigAt(news), news, id) }));
  },

  delete(id: string, props: unknown): Promise<void> {
    const stored = kit.parseStored(props, id);
    return apigStep(
      hints(stored.name),
      () => apigAt(stored).deleteVpcChannel(stored.instanceId, id),
      () => undefined,
    );
  },
};
