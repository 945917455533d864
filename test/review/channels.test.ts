/** Plans in, reviews out: step kinds, channels assembled from group and member resources, drift, bad input. */
import { readPlan, PlanInputError } from "../../src/review/preview";
import { reviewPlan } from "../../src/review/channels";
import { configFromFile, applyFlags } from "../../src/review/config";
import { defaultRulesConfig } from "../../src/review/guardrails";
import { runReview } from "../../src/review/main";

const T = "pulumi-nodejs:dynamic/canary-mesh/huawei/apig:";
const urn = (type: string, name: string) => `urn:pulumi:dev::platform::${T}${type}::${name}`;
const CHANNEL = "0123456789abcdef0123456789abcdef";

function groupStep(name: string, from: number, to: number, op = "update") {
  const placement = { instanceId: "gw", vpcChannelId: CHANNEL, projectId: "p", region: "r" };
  return {
    op,
    urn: urn("VpcChannelMemberGroup", name),
    oldState: {
      id: `g-${name}`,
      inputs: { ...placement, name, weight: from },
      outputs: { ...placement, name, weight: from },
    },
    newState: { inputs: { ...placement, name, weight: to } },
  };
}

const plan = (steps: unknown[]) => JSON.stringify({ steps, changeSummary: { update: steps.length } });

describe("reviewPlan", () => {
  it("assembles a channel owned elsewhere from its VpcChannelMemberGroup steps, with a note", () => {
    const review = reviewPlan(readPlan(plan([groupStep("stable", 90, 40), groupStep("canary", 10, 60)])));
    expect(review.channels).toHaveLength(1);
    const [c] = review.channels;
    expect(c).toMatchObject({ resource: `channel ${CHANNEL}`, kind: "channel", op: "update" });
    // Without members known, each group counts as serving.
    expect(c!.shares).toEqual([
      { unit: "canary", kind: "group", before: 10, after: 60 },
      { unit: "stable", kind: "group", before: 90, after: 40 },
    ]);
    expect(review.findings.map((f) => f.rule)).toEqual(["weight-step", "ungated-shift"]);
    expect(c!.notes[0]).toContain("--show-sames");
  });

  it("uses the channel's stored outputs when the VpcChannel is in the plan (--show-sames)", () => {
    const channel = {
      op: "same",
      urn: urn("VpcChannel", "orders"),
      oldState: {
        id: CHANNEL,
        inputs: { name: "orders" },
        outputs: {
          memberGroups: { stable: { name: "stable", weight: 90 }, canary: { name: "canary", weight: 10 } },
          members: {
            "stable/a:80": { host: "a", port: 80, groupName: "stable", weight: 1 },
            "canary/b:80": { host: "b", port: 80, groupName: "canary", weight: 1 },
          },
        },
      },
      newState: { inputs: { name: "orders" } },
    };
    const review = reviewPlan(readPlan(plan([channel, groupStep("stable", 90, 40), groupStep("canary", 10, 60)])));
    const [c] = review.channels;
    expect(c).toMatchObject({ resource: "orders", kind: "VpcChannel", op: "update" });
    expect(c!.shares).toEqual([
      { unit: "canary", kind: "group", before: 10, after: 60 },
      { unit: "stable", kind: "group", before: 90, after: 40 },
    ]);
    expect(review.findings.map((f) => f.rule)).toEqual(["weight-step", "ungated-shift"]);
  });

  it("labels what --refresh found as changed outside Pulumi", () => {
    const stale = { members: { "stable/a:80": { host: "a", port: 80, groupName: "stable", weight: 10 } } };
    const fresh = { members: { "stable/a:80": { host: "a", port: 80, groupName: "stable", weight: 60 } } };
    const u = urn("VpcChannel", "orders");
    const steps = [
      { op: "refresh", urn: u, oldState: { id: CHANNEL, outputs: stale }, newState: { id: CHANNEL, outputs: stale } },
      {
        op: "update",
        urn: u,
        oldState: { id: CHANNEL, inputs: stale, outputs: fresh },
        newState: { inputs: { members: { "stable/a:80": { host: "a", port: 80, groupName: "stable", weight: 10 } } } },
      },
    ];
    const [c] = reviewPlan(readPlan(plan(steps))).channels;
    expect(c!.drift).toEqual(["changed outside Pulumi: member a (stable) weight 10 → 60"]);
    expect(c!.members.reweighted).toEqual([{ member: "a (stable)", from: 60, to: 10 }]);
  });

  it("an empty plan and a plan of unrelated resources have no channels", () => {
    expect(reviewPlan(readPlan(plan([])))).toMatchObject({ empty: true, channels: [], findings: [] });
    const other = { op: "update", urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b", oldState: {}, newState: {} };
    expect(reviewPlan(readPlan(plan([other])))).toMatchObject({ empty: false, channels: [] });
  });
});

describe("readPlan", () => {
  it.each([
    ["", /the input is empty/],
    ["Previewing update (dev):", /the input is not JSON .*starts with "Previewing update \(dev\):"/],
    ["[1, 2]", /JSON but not an object/],
    ['{"version": 3, "deployment": {}}', /looks like `pulumi stack export`/],
    ['{"outputs": {}}', /has no `steps` \(keys: outputs\)/],
    ['{"steps": [{"op": 1}]}', /steps\.0\.op/],
    ['{"steps": [], "diagnostics": [{"severity": "error", "message": "boom"}]}', /the preview itself failed.*boom/],
  ])("%j is refused: %s", (text, message) => {
    expect(() => readPlan(text)).toThrow(PlanInputError);
    expect(() => readPlan(text)).toThrow(message);
  });
});

describe("review configuration", () => {
  it("reads rules, levels, maxPoints and exemptions; names the key of a mistake", () => {
    const config = configFromFile(
      JSON.stringify({
        rules: { "weight-step": { maxPoints: 40 }, "ungated-shift": "mandatory" },
        exempt: { a: ["*"] },
      }),
      "review.json",
    );
    expect(config.rules["weight-step"]).toEqual({ severity: "mandatory", maxPoints: 40 });
    expect(config.rules["ungated-shift"].severity).toBe("mandatory");
    expect(config.exempt).toEqual({ a: ["*"] });
    expect(() => configFromFile('{"rules": {"weight-stepp": "off"}}', "f")).toThrow(
      /f: rules\.weight-stepp .*is not a rule/,
    );
    expect(() => configFromFile('{"rules": {"weight-step": "loud"}}', "f")).toThrow(
      /must be one of mandatory, advisory, off/,
    );
    expect(() => configFromFile('{"exempt": {"a": ["nope"]}}', "f")).toThrow(/exempt\.a: "nope" is not a rule/);
    expect(() => configFromFile('{"rule": {}}', "f")).toThrow(/unknown key rule \(allowed: rules, exempt\)/);
    expect(() => configFromFile("{", "f")).toThrow(/f: not JSON/);
  });

  it("flags win over the file", () => {
    const config = applyFlags(defaultRulesConfig(), {
      maxStep: "5",
      severity: ["members-emptied=advisory"],
      exempt: ["urn:pulumi:a::b::c::d=weight-step,channel-replaced"],
    });
    expect(config.rules["weight-step"].maxPoints).toBe(5);
    expect(config.rules["members-emptied"].severity).toBe("advisory");
    expect(config.exempt).toEqual({ "urn:pulumi:a::b::c::d": ["weight-step", "channel-replaced"] });
    expect(() => applyFlags(defaultRulesConfig(), { maxStep: "lots" })).toThrow(/--max-step must be a number/);
    expect(() => applyFlags(defaultRulesConfig(), { severity: ["x=off"] })).toThrow(/"x" is not a rule/);
    expect(() => applyFlags(defaultRulesConfig(), { exempt: ["orders"] })).toThrow(/expected resource=rule/);
  });
});

describe("the CLI", () => {
  const run = async (argv: string[], stdin = "", tty = false) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReview(argv, {
      readStdin: async () => stdin,
      stdinIsTty: tty,
      write: (t) => out.push(t),
      error: (t) => err.push(t),
    });
    return { code, stdout: out.join(""), stderr: err.join("") };
  };

  it("reads standard input; exits 1 on a mandatory finding, 0 on advisories only", async () => {
    const shift = plan([
      {
        op: "update",
        urn: urn("VpcChannel", "orders"),
        oldState: {
          id: CHANNEL,
          inputs: {},
          outputs: {
            memberGroups: { a: { name: "a", weight: 50 }, b: { name: "b", weight: 50 } },
            members: {
              "a/h:1": { host: "h", port: 1, groupName: "a", weight: 1 },
              "b/i:1": { host: "i", port: 1, groupName: "b", weight: 1 },
            },
          },
        },
        newState: { inputs: { memberGroups: { a: { name: "a", weight: 10 }, b: { name: "b", weight: 90 } } } },
      },
    ]);
    const failed = await run(["--format", "text"], shift);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("MANDATORY weight-step");
    expect((await run(["--max-step", "50"], shift)).code).toBe(0);
  });

  it("exits 2 with a message for bad options and no input; --help lists every rule", async () => {
    expect(await run(["--nope"])).toMatchObject({ code: 2 });
    expect((await run([], "", true)).stderr).toContain("no input: pipe `pulumi preview --json` in");
    expect((await run(["a.json", "b.json"])).stderr).toContain("give one input file");
    expect((await run(["/no/such/file.json"])).stderr).toContain("input /no/such/file.json cannot be read (ENOENT)");
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const rule of [
      "weight-step",
      "members-emptied",
      "health-check-removed",
      "channel-replaced",
      "ungated-shift",
    ]) {
      expect(help.stdout).toContain(rule);
    }
  });
});
