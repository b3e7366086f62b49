// V8 flags the converter is started with: the bin's first line (`env -S node …`), `npm run convert` and the
// benchmark (tools/convert/convert-process.test.ts checks that the three agree).
//
// A run reading 100 MB of CityGML on one thread allocates about 640 MB, nearly all of it short-lived. V8's
// young generation starts small and grows only as far as its default; starting at 32 MiB semi-spaces halves
// the scavenges (75 → 42, 0.21 → 0.11 s on 100 MB of NRW LoD2 with `--jobs 0`, `--trace-gc`), and the wall
// time fell by 1.3 % (median of 30 paired runs, faster in 21 of them). Set at run time (`v8.setFlagsFromString`)
// it no longer applies to the main thread's heap. Worker threads keep their own young-generation cap
// (`resourceLimits`). A million streamed buildings (`--jobs 2`): the same wall time, peak RSS 478 → 492 MiB.
/** V8 flags of every converter process (Node's command line, before the script). */
export const CONVERT_NODE_FLAGS = ['--min-semi-space-size=32'];
