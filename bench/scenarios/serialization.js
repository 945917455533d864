// Serialized provider size and program-time serialization cost, ours vs the naive peer.
// Pulumi caches the serialized text per provider object (WeakMap by identity), so we time both a fresh object
// per resource and one shared object through the same cache, and say which one each provider does in practice.
"use strict";
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const { dist, stats, timeMs, emulatorSettings } = require("../lib");

const serialize = (provider) => pulumi.runtime.serializeFunction(() => provider, { isFactoryFunction: true });

const PROVIDERS = {
  // One module-level shim per kind, as src/vpcChannel/resource.ts does.
  ours: () => dist("shim.js").providerShim("vpcChannel"),
  // A new class instance per resource, as NaiveVpcChannel does (and as many examples do).
  naive: () => {
    const { NaiveVpcChannelProvider, configFromEnv } = require(path.join(__dirname, "..", "naive-provider.js"));
    return new NaiveVpcChannelProvider(configFromEnv(emulatorSettings("http://127.0.0.1:1").env));
  },
};

/** Per-resource time of N serializations of fresh objects (each sample is one resource). */
async function fresh(make, n) {
  const samples = [];
  for (let i = 0; i < n; i++) samples.push((await timeMs(() => serialize(make()))).ms);
  return stats(samples);
}

/** Per-resource time with one shared object through an identity cache like the SDK's; one sample per round. */
async function shared(make, n, rounds) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const cache = new WeakMap();
    const provider = make();
    const { ms } = await timeMs(async () => {
      for (let i = 0; i < n; i++) {
        if (!cache.has(provider)) cache.set(provider, serialize(provider));
        await cache.get(provider);
      }
    });
    samples.push(ms / n);
  }
  return stats(samples);
}

module.exports = async function serialization({ resources = 50, rounds = 5 } = {}) {
  await serialize(() => 1); // load the function parser once, outside any timing
  const out = {};
  for (const [name, make] of Object.entries(PROVIDERS)) {
    const text = (await serialize(make())).text;
    out[name] = {
      bytes: Buffer.byteLength(text),
      functions: (text.match(/^function __f\d+/gm) ?? []).length,
      // The functions' own bodies; the rest is the serializer's wrapping.
      codeBytes: Buffer.byteLength(
        text
          .split("\n")
          .filter((l) => l.startsWith("return "))
          .join("\n"),
      ),
      fresh: await fresh(make, resources),
      shared: await shared(make, resources, rounds),
    };
  }
  out.resources = resources;
  return out;
};
