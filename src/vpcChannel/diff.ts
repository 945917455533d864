/**
 * `VpcChannel` diff, pure: compares what the user manages (desired fields that are set) with the live channel, so
 * computed fields and console values of unmanaged fields never count, and decides update vs replace.
 */
import { changedKeys } from "../core/providerKit";
import { UNKNOWN } from "../core/unknowns";
import { diffFields, diffKeyed } from "./fields";
import { ChannelOutputs, LiveChannel, OWN_FIELDS } from "./state";

const REPLACE_FIELDS = ["instanceId", "projectId", "region", "channelType"] as const;

export interface ChannelDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Human-readable property paths that differ (for logs and tests). */
  changed: string[];
}

/**
 * `olds` are the last known live outputs (after refresh: the refreshed ones), `news` the desired inputs (during
 * preview they may hold unknowns; on refresh they are the inputs the last read stored). Only what the user manages
 * counts; blocks left out of `news` are not managed.
 */
export function diffChannel(olds: Partial<ChannelOutputs>, news: Partial<LiveChannel>): ChannelDiff {
  const replaces: string[] = changedKeys(olds, news, REPLACE_FIELDS);
  const changed: string[] = [...replaces];
  for (const field of OWN_FIELDS) diffFields(field, olds[field], news[field], changed);
  diffKeyed("members", olds.members, news.members, changed);
  diffKeyed("memberGroups", olds.memberGroups, news.memberGroups, changed);
  diffFields("healthCheck", olds.healthCheck, news.healthCheck, changed);
  diffFields("microservice", olds.microservice, news.microservice, changed);
  const sameName = news.name !== UNKNOWN && news.name === olds.name;
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameName,
    changed,
  };
}
