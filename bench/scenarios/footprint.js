// State footprint through the real engine: the same program (count channels × members) with our provider and
// with the naive peer, `pulumi up`, then `pulumi stack export`.
"use strict";
const { Stack, emulatorSettings, resetEmulator, keys } = require("../lib");

async function exportFor(kind, url, count, members) {
  await resetEmulator(url);
  const stack = await Stack.create({ spec: { kind, count, members }, ...emulatorSettings(url) });
  try {
    await stack.timed("up");
    const text = await stack.exportState();
    const resources = JSON.parse(text).deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
    if (resources.length !== count)
      throw new Error(`${kind}: ${resources.length} resources in state, expected ${count}`);
    // As the export stores them (JSON-escaped), inputs and outputs each hold a copy.
    const providerBytes = resources.map(
      (r) =>
        Buffer.byteLength(JSON.stringify(r.inputs.__provider)) +
        Buffer.byteLength(JSON.stringify(r.outputs.__provider)),
    );
    const resourceBytes = resources.map((r) => Buffer.byteLength(JSON.stringify(r)));
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    return {
      totalBytes: Buffer.byteLength(text),
      providerBytesPerResource: sum(providerBytes) / count,
      stateBytesPerResource: sum(resourceBytes) / count,
      providerShare: sum(providerBytes) / sum(resourceBytes),
      plaintextSecretKeyCopies: text.split(keys.EMULATOR_HUAWEI_SECRET_KEY).length - 1,
    };
  } finally {
    stack.cleanup(); // the emulator is reset by the next scenario: no destroy needed
  }
}

module.exports = async function footprint(url, { count = 100, members = 10 } = {}) {
  return {
    count,
    members,
    ours: await exportFor("ours", url, count, members),
    naive: await exportFor("naive", url, count, members),
  };
};
