/** Refreshed inputs, pure: the managed blocks and, in them, only the fields the user sets. */
import { fieldSets } from "../../src/vpcChannel/fields";
import { legacyFieldSets, refreshedInputs } from "../../src/vpcChannel/refresh";
import { desired, outputsFor } from "../support/channel";
import { TWO_MEMBER_CHANNEL } from "../support/fixtures";

const base = TWO_MEMBER_CHANNEL;

describe("field lists for refreshed inputs", () => {
  it("stores the common field list once and only the entries that differ", () => {
    const s = desired({ ...base, members: [...base.members, { host: "10.0.0.7", isBackup: true }] });
    expect(fieldSets(s)).toEqual({
      members: { "*": ["groupName", "host", "port", "weight"], "10.0.0.7:8080": ["host", "isBackup", "port"] },
      memberGroups: { "*": ["name", "weight"] },
      healthCheck: ["httpCodes", "interval", "path", "protocol", "thresholdAbnormal", "thresholdNormal", "timeout"],
    });
  });

  it("refreshes into inputs holding only the fields the user sets, so unset ones never read as removed", () => {
    const s = desired(base);
    const outs = { ...outputsFor(s), __fields: fieldSets(s) };
    outs.members!["stable/10.0.0.5:8080"]!.weight = 99; // drift in a managed field stays visible
    const inputs = refreshedInputs(outs);
    expect(inputs.members!["stable/10.0.0.5:8080"]).toEqual({
      host: "10.0.0.5",
      port: 8080,
      weight: 99,
      groupName: "stable",
    });
    expect(inputs.healthCheck).toEqual(s.healthCheck);
  });

  it("guesses for state from before 0.2: every live field but those 0.1 always defaulted", () => {
    const outs = outputsFor(desired(base));
    expect(legacyFieldSets(outs)).toEqual({
      members: { "*": ["groupName", "host", "port", "weight"] },
      memberGroups: { "*": ["name", "weight"] },
      healthCheck: ["httpCodes", "interval", "path", "protocol", "thresholdAbnormal", "thresholdNormal", "timeout"],
    });
  });
});
