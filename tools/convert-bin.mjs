#!/usr/bin/env -S MALLOC_TOP_PAD_=67108864 node --min-semi-space-size=32
// `stadtmodell-convert` bin: runs the converter CLI bundled by esbuild (tools/convert/bundle.mjs; built
// on first use and after source changes), so neither the CLI nor its worker threads compile TypeScript at
// start-up. Without esbuild or a writable .cache/, it runs the TypeScript sources through tsx instead.
let bundled;
try {
  const { ensureConvertBundle } = await import('./convert/bundle.mjs');
  bundled = await ensureConvertBundle();
} catch (error) {
  if (process.env.STADTMODELL_DEBUG)
    console.error(`convert: no bundle (${error.message}); running the sources`);
}
if (bundled) {
  await import(bundled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./convert.ts');
}
