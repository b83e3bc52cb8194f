/**
 * A Chromium performance trace (playwright-core `browser.startTracing`) summed up for the
 * renderer's main thread: self time per event name (time inside an event minus its traced
 * children) and the longest top-level tasks. How the soak's growing stalls were traced to
 * SkCanvas::drawPath (README, Soak).
 */

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'cc',
  'gpu',
  'v8',
  'toplevel',
  'disabled-by-default-skia',
];

/** One Chrome trace event (the fields these summaries read; durations in µs). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) duration. */
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string; type?: string } };
}

export interface TraceSummary {
  spanMs: number;
  /** [event name, self ms], largest first. */
  self: [string, number][];
  /** The longest top-level tasks, ms. */
  longest: number[];
}

export function summarizeTrace(json: string, top = 12): TraceSummary {
  const parsed = JSON.parse(json) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!main) return { spanMs: 0, self: [], longest: [] };
  const xs = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  const longest: number[] = [];
  for (const e of xs) {
    const dur = e.dur ?? 0;
    while (stack.length > 0 && stack[stack.length - 1].end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    // Nested inside the parent: its time is the child's, not the parent's own.
    if (parent && e.ts + dur <= parent.end) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
    if (!parent) longest.push(dur / 1000);
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    stack.push({ end: e.ts + dur, name: e.name });
  }
  const spanMs = xs.length > 0 ? (Math.max(...xs.map((e) => e.ts + (e.dur ?? 0))) - xs[0].ts) / 1000 : 0;
  return {
    spanMs,
    self: [...self.entries()]
      .map(([k, v]): [string, number] => [k, v / 1000])
      .sort((a, b) => b[1] - a[1])
      .slice(0, top),
    longest: longest.sort((a, b) => b - a).slice(0, 5),
  };
}
