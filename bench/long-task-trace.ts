/**
 * What is inside the page's long main-thread tasks (bench helper, not a test): reads a Chromium trace
 * (`browser.startTracing` with `TRACE_CATEGORIES`) and lists every task of the renderer's main thread
 * longer than a threshold with its thread CPU time (wall minus CPU is time spent waiting for a core on a
 * loaded machine), its trace events by self time (GC, XHR callbacks, timers, frames, style, paint) and
 * the JavaScript functions the V8 sampling profiler saw most often in it (self time, with file and line).
 * Used by `bench/browser-import.ts` with `BENCH_TRACE=<folder>`.
 */

/** Trace categories for `browser.startTracing`: task boundaries, timeline events, GC and V8 samples. */
export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  // WebGL's waits for the GPU process (a full command buffer, synchronous calls) inside the page's tasks.
  'gpu',
];

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      functionName?: string;
      url?: string;
      type?: string;
      startTime?: number;
      cpuProfile?: {
        nodes?: {
          id: number;
          parent?: number;
          callFrame: { functionName: string; url: string; lineNumber: number };
        }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

/** One long task of the main thread: when (ms from the trace's first event), how long, what was in it. */
export interface LongTaskSummary {
  startMs: number;
  durationMs: number;
  /** Thread CPU time of the task, ms (undefined when the trace has no thread clock). */
  cpuMs: number | undefined;
  /** Trace events inside the task by self time, longest first: label and ms. */
  events: [string, number][];
  /** JavaScript functions by sampled self time, most first: `name (file:line)` and ms. */
  functions: [string, number][];
}

const fileOf = (url: string) => url.slice(url.lastIndexOf('/') + 1).replace(/\?.*$/, '') || '(native)';

function labelOf(event: TraceEvent): string {
  const data = event.args?.data;
  if (event.name === 'FunctionCall' && data)
    return `FunctionCall ${data.functionName || '(anonymous)'} ${fileOf(data.url ?? '')}`;
  if (event.name === 'EventDispatch' && data?.type) return `EventDispatch ${data.type}`;
  return event.name;
}

/**
 * Long tasks (> `thresholdMs`) of the busiest renderer main thread in `trace` (a Chromium JSON trace), from
 * the performance mark `fromMark` on when the trace has it.
 */
export function longTasksOfTrace(
  trace: { traceEvents: TraceEvent[] } | TraceEvent[],
  thresholdMs = 50,
  fromMark?: string,
): LongTaskSummary[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const isTask = (e: TraceEvent) =>
    e.ph === 'X' &&
    (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
    e.dur !== undefined;
  // The page's main thread: the renderer main thread with the most task time.
  const busy = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (mainThreads.has(key) && isTask(e)) busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (main === undefined) return [];
  // a loop, not Math.min(...): a long import's trace has more events than a call may take arguments
  let origin = Infinity;
  for (const e of events) if (e.ts > 0 && e.ts < origin) origin = e.ts;
  const from = events.find((e) => fromMark !== undefined && e.name === fromMark)?.ts ?? -Infinity;
  const onMain = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const samples = mainThreadSamples(events, main);
  // Outermost tasks only (a RunTask nests inside ThreadControllerImpl::RunTask).
  let coveredUntil = -Infinity;
  const tasks = onMain.filter((e) => {
    if (!isTask(e) || e.ts < coveredUntil) return false;
    coveredUntil = e.ts + (e.dur ?? 0);
    return e.ts >= from && (e.dur ?? 0) > thresholdMs * 1000;
  });
  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    // Self time per event: its duration less that of the events directly inside it.
    const self = new Map<TraceEvent, number>();
    const stack: TraceEvent[] = [];
    for (const e of inside) {
      while (stack.length > 0 && e.ts >= stack[stack.length - 1]!.ts + (stack[stack.length - 1]!.dur ?? 0))
        stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent, (self.get(parent) ?? 0) - (e.dur ?? 0));
      self.set(e, (self.get(e) ?? 0) + (e.dur ?? 0));
      stack.push(e);
    }
    const byLabel = new Map<string, number>();
    for (const [e, us] of self) byLabel.set(labelOf(e), (byLabel.get(labelOf(e)) ?? 0) + us / 1000);
    const byFunction = new Map<string, number>();
    for (const s of samples) {
      if (s.ts < task.ts || s.ts >= end) continue;
      byFunction.set(s.frame, (byFunction.get(s.frame) ?? 0) + s.us / 1000);
    }
    const top = (map: Map<string, number>) =>
      [...map]
        .filter(([, ms]) => ms >= 1)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8);
    return {
      startMs: (task.ts - origin) / 1000,
      durationMs: (task.dur ?? 0) / 1000,
      cpuMs: task.tdur === undefined ? undefined : task.tdur / 1000,
      events: top(byLabel),
      functions: top(byFunction),
    };
  });
}

/** The V8 profiler's samples of the thread `main` ("pid:tid"): time, the sampled (leaf) frame, its weight in µs. */
function mainThreadSamples(events: TraceEvent[], main: string): { ts: number; frame: string; us: number }[] {
  const profiles = new Map<
    string,
    { start: number; nodes: Map<number, string>; times: number[]; frames: number[] }
  >();
  for (const e of events) {
    if (e.name === 'Profile' && `${e.pid}:${e.tid}` === main && e.id !== undefined) {
      profiles.set(`${e.pid}:${e.id}`, {
        start: e.args?.data?.startTime ?? e.ts,
        nodes: new Map(),
        times: [],
        frames: [],
      });
    }
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined) continue;
    const profile = profiles.get(`${e.pid}:${e.id}`);
    const data = e.args?.data;
    if (!profile || !data) continue;
    for (const node of data.cpuProfile?.nodes ?? []) {
      const { functionName, url, lineNumber } = node.callFrame;
      profile.nodes.set(
        node.id,
        url
          ? `${functionName || '(anonymous)'} (${fileOf(url)}:${lineNumber + 1})`
          : functionName || '(native)',
      );
    }
    let t = profile.times.length > 0 ? profile.times[profile.times.length - 1]! : profile.start;
    const deltas = data.timeDeltas ?? [];
    (data.cpuProfile?.samples ?? []).forEach((node, i) => {
      t += deltas[i] ?? 0;
      profile.times.push(t);
      profile.frames.push(node);
    });
  }
  const out: { ts: number; frame: string; us: number }[] = [];
  for (const profile of profiles.values()) {
    for (let i = 0; i < profile.times.length; i += 1) {
      const next = profile.times[i + 1] ?? profile.times[i]!;
      out.push({
        ts: profile.times[i]!,
        frame: profile.nodes.get(profile.frames[i]!) ?? '?',
        us: Math.min(next - profile.times[i]!, 10_000),
      });
    }
  }
  return out;
}

/** The summaries as text lines, one block per task, then the longest task and the most CPU in one task. */
export function formatLongTasks(tasks: LongTaskSummary[]): string[] {
  const lines: string[] = [];
  const longest = tasks.reduce<LongTaskSummary | undefined>(
    (max, t) => (max === undefined || t.durationMs > max.durationMs ? t : max),
    undefined,
  );
  const mostCpu = Math.max(0, ...tasks.map((t) => t.cpuMs ?? 0));
  if (longest) {
    lines.push(
      `  longest ${longest.durationMs.toFixed(0)} ms (thread CPU ${longest.cpuMs?.toFixed(0) ?? '?'} ms); most thread CPU in one long task ${mostCpu.toFixed(0)} ms`,
    );
  }
  for (const t of tasks) {
    const cpu = t.cpuMs === undefined ? '' : `, thread CPU ${t.cpuMs.toFixed(0)} ms`;
    lines.push(`  task at ${(t.startMs / 1000).toFixed(2)} s: ${t.durationMs.toFixed(0)} ms${cpu}`);
    lines.push(`    events: ${t.events.map(([l, ms]) => `${l} ${ms.toFixed(0)}`).join('; ')}`);
    lines.push(`    JS self: ${t.functions.map(([l, ms]) => `${l} ${ms.toFixed(0)}`).join('; ')}`);
  }
  return lines;
}
