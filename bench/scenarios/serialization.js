// Stored provider size and program-time cost per resource, ours vs the naive peer. Ours registers a constant
// provider text (src/shim.ts: no closure is serialized); the naive peer is serialized by `serializeFunction`, which
// Pulumi caches per provider object (WeakMap by identity), so it is timed both fresh per resource and shared. The
// closure 0.1 stored (same shim idea, serialized) is measured too, for the before/after.
"use strict";
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const { dist, stats, timeMs, emulatorSettings } = require("../lib");

const serialize = (provider) => pulumi.runtime.serializeFunction(() => provider, { isFactoryFunction: true });

const PROVIDERS = {
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

/** What 0.1's serialized shim was: 7 methods over one call helper, serialized as pulumi.dynamic.Resource does. */
function shim01(kind) {
  const k = kind;
  const c = (m, a) => require("pulumi-canary-mesh/provider").call(k, m, a);
  return {
    configure: (...a) => c("configure", a),
    check: (...a) => c("check", a),
    diff: (...a) => c("diff", a),
    create: (...a) => c("create", a),
    read: (...a) => c("read", a),
    update: (...a) => c("update", a),
    delete: (...a) => c("delete", a),
  };
}

/** Per-resource time of building our registered properties (the provider text included), `n` resources a sample. */
async function oursPerResource(n, rounds) {
  const { withProvider } = dist("shim.js");
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const { ms } = await timeMs(async () => {
      for (let i = 0; i < n; i++) withProvider("vpcChannel", { name: `c${i}` });
    });
    samples.push(ms / n);
  }
  return stats(samples);
}

module.exports = async function serialization({ resources = 50, rounds = 5 } = {}) {
  await serialize(() => 1); // load the function parser once, outside any timing
  const text = dist("shim.js").providerText("vpcChannel");
  const perResource = await oursPerResource(resources, rounds);
  const out = {
    ours: { bytes: Buffer.byteLength(text), fresh: perResource, shared: perResource },
    v01: { bytes: Buffer.byteLength((await serialize(shim01("vpcChannel"))).text) },
  };
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
