/** VpcChannelMembers, pure: validation, desired state, diff and refreshed inputs. */
import {
  diffMembers,
  MembersOutputs,
  normalizeMembers,
  refreshedMembersInputs,
  validateMembers,
} from "../../src/vpcChannel/members";
import { UNKNOWN } from "../../src/core/unknowns";
import { PLACEMENT } from "../support/channel";

const CHANNEL = "c".repeat(32);
const desired = (members: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => {
  const { input, failures } = validateMembers({ instanceId: "gw-1", vpcChannelId: CHANNEL, members, ...extra });
  expect(failures).toEqual([]);
  return normalizeMembers(input!, PLACEMENT);
};

const outputs = (state: ReturnType<typeof desired>): MembersOutputs => ({
  ...state,
  members: Object.fromEntries(
    Object.entries(state.members).map(([k, m]) => [
      k,
      { weight: 1, isBackup: false, status: "available", ...m, id: `id-${k}` },
    ]),
  ),
  __owned: Object.keys(state.members),
  __fields: { "*": ["groupName", "host", "port"] },
});

describe("VpcChannelMembers desired state", () => {
  it("keys members by identity, reads status codes, leaves unset fields unset", () => {
    const s = desired([
      { host: "10.0.0.2", port: 80, groupName: "canary", status: 2 },
      { host: "10.0.0.1", port: 80, groupName: "canary" },
    ]);
    expect(s).toEqual({
      instanceId: "gw-1",
      vpcChannelId: CHANNEL,
      ...PLACEMENT,
      members: {
        "canary/10.0.0.1:80": { host: "10.0.0.1", port: 80, groupName: "canary" },
        "canary/10.0.0.2:80": { host: "10.0.0.2", port: 80, groupName: "canary", status: "unavailable" },
      },
    });
  });

  it("rejects unknown properties, naming the args type", () => {
    expect(validateMembers({ instanceId: "gw-1", vpcChannelId: CHANNEL, members: [], memberz: [] }).failures).toEqual([
      { property: "memberz", reason: 'unknown property "memberz"; check the spelling against VpcChannelMembersArgs' },
    ]);
  });
});

describe("VpcChannelMembers diff", () => {
  const s = desired([{ host: "10.0.0.1", port: 80, groupName: "canary" }]);

  it("compares only the fields set; adds and removals count", () => {
    expect(diffMembers(outputs(s), s)).toEqual({ changes: false, replaces: [] });
    expect(
      diffMembers(outputs(s), desired([{ host: "10.0.0.1", port: 80, groupName: "canary", weight: 3 }])).changes,
    ).toBe(true);
    expect(diffMembers(outputs(s), desired([])).changes).toBe(true);
  });

  it("replaces on a new channel or placement, also while the channel id is unknown", () => {
    expect(diffMembers(outputs(s), { ...s, vpcChannelId: "d".repeat(32) }).replaces).toEqual(["vpcChannelId"]);
    expect(diffMembers(outputs(s), { ...s, vpcChannelId: UNKNOWN }).replaces).toEqual(["vpcChannelId"]);
    expect(diffMembers(outputs(s), { ...s, region: "cn-south-1" }).replaces).toEqual(["region"]);
  });

  it("refreshes into the owned members with only the fields the user sets", () => {
    const inputs = refreshedMembersInputs(outputs(s));
    expect(inputs.members).toEqual({ "canary/10.0.0.1:80": { host: "10.0.0.1", port: 80, groupName: "canary" } });
    expect(inputs).not.toHaveProperty("__owned");
  });
});
