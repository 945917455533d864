// check + diff cost of one channel with n members, in process and without network: check resolves region and
// project from the environment, outputs come from state.js and wire.js as create would build them from the live channel.
"use strict";
const { dist, stats, timeMs, channelArgs } = require("../lib");
// Sets the region/project environment check needs; outputsFor builds outputs the way create stores them.
const { outputsFor } = require("../offline-provider");
const { vpcChannelProvider: provider } = dist("vpcChannel/provider.js");

/** Program order is not sorted order: shuffle deterministically so check pays for normalising it. */
function shuffled(list) {
  const out = [...list];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function measure(n, iterations) {
  const args = channelArgs(0, n);
  args.members = shuffled(args.members);
  const olds = (await provider.check({}, structuredClone(args))).inputs;
  const outputs = outputsFor(olds);
  const total = [];
  const check = [];
  const diff = [];
  for (let i = -3; i < iterations; i++) {
    const news = structuredClone(args); // the engine hands check fresh objects every time
    const c = await timeMs(() => provider.check(olds, news));
    const d = await timeMs(() => provider.diff(outputs.id, outputs, c.value.inputs));
    if (c.value.failures || d.value.changes) throw new Error(`unexpected check/diff result at n=${n}`);
    if (i < 0) continue; // warm-up
    check.push(c.ms);
    diff.push(d.ms);
    total.push(c.ms + d.ms);
  }
  return { n, total: stats(total), check: stats(check), diff: stats(diff) };
}

module.exports = async function checkDiff({
  sizes = [
    [10, 300],
    [1000, 100],
    [10000, 30],
  ],
} = {}) {
  const results = [];
  for (const [n, iterations] of sizes) results.push(await measure(n, iterations));
  return results;
};
