// How the converter's process is started: the bin's first line (`env -S … node …`), `npm run convert` and the
// benchmark (tools/convert/convert-process.test.ts checks that the three agree).
//
// A run reading 100 MB of CityGML on one thread allocates about 640 MB, nearly all of it short-lived, on V8's
// heap and (typed arrays, read buffers) through malloc.
// - V8's young generation starts small and grows only as far as its default; starting at 32 MiB semi-spaces
//   halves the scavenges (75 → 42, 0.21 → 0.11 s on 100 MB of NRW LoD2 with `--jobs 0`, `--trace-gc`); wall
//   time −1.3 % (median of 30 paired runs, faster in 21). Set at run time (`v8.setFlagsFromString`) it does
//   not reach the main thread's heap. Worker threads keep their own cap (`resourceLimits`).
// - glibc returns the top of its heap to the kernel as soon as 128 KiB are free there, and takes it back
//   (zero-filled pages, a fault each) moments later; a 64 MiB top pad keeps it: wall −6 %, CPU −7.5 %
//   (median of 20 paired runs, faster in 16, less CPU in 19), peak RSS +12 MiB. Other C libraries ignore it.
// Figures and the million-building run: tools/convert/README.md, "Kept on 6 December".
/** V8 flags of every converter process (Node's command line, before the script). */
export const CONVERT_NODE_FLAGS = ['--min-semi-space-size=32'];

/** Environment variables of every converter process (read by the C library before Node starts). */
export const CONVERT_ENV: Record<string, string> = { MALLOC_TOP_PAD_: String(64 * 1024 * 1024) };
