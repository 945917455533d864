// Engine wall time for count channels × members: our provider against a trivial dynamic provider with the same
// inputs (create returns at once, no API calls), plus "offline" (ours without the network, see
// offline-provider.js) to tell data size from API calls. Per repeat, on a fresh stack: up (creates), preview
// (no changes: check and diff of every resource, what CI runs), refresh (reads). The order rotates between
// repeats to spread noise. The emulator runs in this process, so its event-loop busy time is its CPU share.
"use strict";
const { performance } = require("node:perf_hooks");
const { Stack, emulatorSettings, resetEmulator, stats } = require("../lib");

const OPS = ["up", "preview", "refresh"];

async function once(kind, url, count, members) {
  await resetEmulator(url);
  const stack = await Stack.create({ spec: { kind, count, members }, ...emulatorSettings(url) });
  try {
    const times = {};
    const rss = {};
    const emulatorMs = {};
    for (const op of OPS) {
      const before = performance.eventLoopUtilization();
      const m = await stack.measured(op);
      times[op] = m.ms;
      rss[op] = m.providerRssBytes;
      emulatorMs[op] = performance.eventLoopUtilization(before).active;
    }
    const exported = await stack.exportState();
    const stateBytes = Buffer.byteLength(exported);
    const resources = JSON.parse(exported).deployment.resources.filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic"),
    );
    const providerBytes = resources.reduce(
      (sum, r) =>
        sum +
        Buffer.byteLength(JSON.stringify(r.inputs?.__provider ?? "")) +
        Buffer.byteLength(JSON.stringify(r.outputs?.__provider ?? "")),
      0,
    );
    return { times, rss, emulatorMs, stateBytes, resources: resources.length, providerBytes };
  } finally {
    stack.cleanup();
  }
}

module.exports = async function engine(url, { count = 50, members = 100, repeats = 3 } = {}) {
  const kinds = ["ours", "trivial", "offline"];
  const runs = { ours: [], trivial: [], offline: [] };
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(r + k) % kinds.length];
      runs[kind].push(await once(kind, url, count, members));
    }
  }
  const ops = {};
  for (const op of OPS) {
    const ours = runs.ours.map((s) => s.times[op]);
    const trivial = runs.trivial.map((s) => s.times[op]);
    const offline = runs.offline.map((s) => s.times[op]);
    ops[op] = {
      ours: stats(ours),
      trivial: stats(trivial),
      offline: stats(offline),
      // Paired by repeat.
      ratio: stats(ours.map((t, i) => t / trivial[i])),
      offlineRatio: stats(offline.map((t, i) => t / trivial[i])),
      emulatorMs: stats(runs.ours.map((s) => s.emulatorMs[op])),
      rss: Object.fromEntries(kinds.map((k) => [k, stats(runs[k].map((s) => s.rss[op]))])),
    };
  }
  const stateBytes = Object.fromEntries(kinds.map((k) => [k, runs[k][0].stateBytes]));
  const perResource = Object.fromEntries(
    kinds.map((k) => [
      k,
      {
        state: runs[k][0].stateBytes / runs[k][0].resources,
        provider: runs[k][0].providerBytes / runs[k][0].resources,
      },
    ]),
  );
  return { count, members, repeats, ops, stateBytes, perResource };
};
