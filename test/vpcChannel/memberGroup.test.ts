/** VpcChannelMemberGroup, pure: validation, diff and refreshed inputs. */
import {
  diffMemberGroup,
  MemberGroupOutputs,
  normalizeMemberGroup,
  refreshedMemberGroupInputs,
  validateMemberGroup,
} from "../../src/vpcChannel/memberGroup";
import { PLACEMENT } from "../support/channel";

const CHANNEL = "c".repeat(32);
const desired = (extra: Record<string, unknown> = {}) => {
  const { input, failures } = validateMemberGroup({
    instanceId: "gw-1",
    vpcChannelId: CHANNEL,
    name: "canary",
    ...extra,
  });
  expect(failures).toEqual([]);
  return normalizeMemberGroup(input!, PLACEMENT);
};

describe("VpcChannelMemberGroup", () => {
  it("validates like a VpcChannel group, plus where it lives", () => {
    expect(validateMemberGroup({ instanceId: "gw-1", vpcChannelId: "x", name: "ab", weight: 101 }).failures).toEqual([
      { property: "name", reason: "name must be 3–64 characters" },
      { property: "weight", reason: "weight must be 0–100" },
      { property: "vpcChannelId", reason: "vpcChannelId must be a 32-character hexadecimal channel id" },
    ]);
  });

  it("compares only the fields set; a rename is an update, a new channel a replace", () => {
    const s = desired({ weight: 10 });
    const outs: MemberGroupOutputs = { ...s, remark: "by ops", createTime: "t", __fields: ["name", "weight"] };
    expect(diffMemberGroup(outs, s)).toEqual({ changes: false, replaces: [] });
    expect(diffMemberGroup(outs, { ...s, name: "canary-v2" })).toEqual({ changes: true, replaces: [] });
    expect(diffMemberGroup(outs, { ...s, vpcChannelId: "d".repeat(32) }).replaces).toEqual(["vpcChannelId"]);
    expect(refreshedMemberGroupInputs(outs)).toEqual(s);
  });
});
