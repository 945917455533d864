// Cloud API calls per channel and operation, from the emulator's request log, through the real engine. The
// naive peer runs the same lifecycle, which also shows that its create/read/update/delete really work.
"use strict";
const { Stack, emulatorSettings, resetEmulator, requestLog, clearRequestLog } = require("../lib");

// The fewest calls that can do each job: create POST + GET (ids, health), no-op nothing,
// update PUT + GET, refresh GET, destroy DELETE.
const MINIMUM = { create: 2, noopUp: 0, weightUpdate: 2, refresh: 1, destroy: 1 };

async function lifecycle(kind, url, count, members) {
  await resetEmulator(url);
  const stack = await Stack.create({ spec: { kind, count, members, weight: 10 }, ...emulatorSettings(url) });
  const phases = {};
  const measure = async (name, op) => {
    await clearRequestLog(url);
    await stack.timed(op);
    const log = await requestLog(url);
    const failed = log.filter((r) => r.status >= 400);
    if (failed.length) throw new Error(`${kind} ${name}: API errors ${JSON.stringify(failed.slice(0, 3))}`);
    const byAction = {};
    for (const r of log) byAction[`${r.method} ${r.action}`] = (byAction[`${r.method} ${r.action}`] ?? 0) + 1;
    phases[name] = { perChannel: log.length / count, minimum: MINIMUM[name], byAction };
  };
  try {
    await measure("create", "up");
    await measure("noopUp", "up");
    stack.setSpec({ kind, count, members, weight: 20 }); // every member re-weighted
    await measure("weightUpdate", "up");
    await measure("refresh", "refresh");
    await measure("destroy", "destroy");
  } finally {
    stack.cleanup();
  }
  return phases;
}

module.exports = async function apiCalls(url, { count = 10, members = 10 } = {}) {
  return {
    count,
    members,
    phases: await lifecycle("ours", url, count, members),
    naive: await lifecycle("naive", url, count, members),
  };
};
