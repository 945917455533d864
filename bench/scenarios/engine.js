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
    const emulatorMs = {};
    for (const op of OPS) {
      const before = performance.eventLoopUtilization();
      times[op] = await stack.timed(op);
      emulatorMs[op] = performance.eventLoopUtilization(before).active;
    }
    const stateBytes = Buffer.byteLength(await stack.exportState());
    return { times, emulatorMs, stateBytes };
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
    };
  }
  const stateBytes = Object.fromEntries(kinds.map((k) => [k, runs[k][0].stateBytes]));
  return { count, members, repeats, ops, stateBytes };
};
