/**
 * The page's main-thread tasks during an interaction, from a Chrome trace (CDP Tracing): each
 * task's wall time and its thread (CPU) time. On a loaded machine a task's wall time includes the
 * time the OS gave other processes; its CPU time is the work the page did, so both are reported
 * (the long-task API only sees wall time). Used by the instant-mode e2e; asserts nothing.
 * TRACE_DUMP=/tmp/x also records JS samples and writes each raw trace to /tmp/x-<time>.json.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { TraceEvent } from './traceSummary';

export interface MainThreadTasks {
  tasks: number;
  worstWallMs: number;
  wallOver50: number;
  worstCpuMs: number;
  cpuOver50: number;
  /** What the longest-CPU task ran: its sub-events' CPU ms by kind (JS entry, frame, GC, layout). */
  worstCpuTask: Record<string, number>;
}

/** Start tracing; the returned function stops it and summarises the renderer's main thread. */
export async function traceMainThread(page: Page): Promise<() => Promise<MainThreadTasks>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    categories: process.env.TRACE_DUMP
      ? 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler,blink.user_timing,v8.execute'
      : 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReturnAsStream',
  });
  return async () => {
    const done = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let text = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream as string });
      text += chunk.data;
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream as string });
    await cdp.detach();
    if (process.env.TRACE_DUMP) writeFileSync(`${process.env.TRACE_DUMP}-${Date.now()}.json`, text);
    const raw = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
    const events = Array.isArray(raw) ? raw : raw.traceEvents;
    const mains = new Set(
      events
        .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`),
    );
    // The busiest renderer main thread is the page's (others are idle pages of the browser).
    const byThread = new Map<string, TraceEvent[]>();
    for (const e of events) {
      const key = `${e.pid}:${e.tid}`;
      if (e.ph !== 'X' || e.name !== 'RunTask' || !mains.has(key)) continue;
      byThread.set(key, [...(byThread.get(key) ?? []), e]);
    }
    const busy = (list: TraceEvent[]) => list.reduce((a, e) => a + (e.dur ?? 0), 0);
    const tasks = [...byThread.values()].sort((a, b) => busy(b) - busy(a))[0] ?? [];
    const wall = tasks.map((e) => (e.dur ?? 0) / 1000);
    const cpu = tasks.map((e) => (e.tdur ?? 0) / 1000);
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      worstCpuTask: contents(events, tasks),
      tasks: tasks.length,
      worstWallMs: round(Math.max(0, ...wall)),
      wallOver50: wall.filter((d) => d > 50).length,
      worstCpuMs: round(Math.max(0, ...cpu)),
      cpuOver50: cpu.filter((d) => d > 50).length,
    };
  };
}

/** The longest-CPU task's top-level JS calls, frames, GC and layout, by kind (CPU ms). */
function contents(events: TraceEvent[], tasks: TraceEvent[]): Record<string, number> {
  const worst = tasks.reduce<TraceEvent | undefined>(
    (w, e) => ((e.tdur ?? 0) > (w?.tdur ?? -1) ? e : w),
    undefined,
  );
  const out: Record<string, number> = {};
  if (!worst) return out;
  const end = worst.ts + (worst.dur ?? 0);
  const kinds =
    /^(FunctionCall|FireAnimationFrame|EventDispatch|MajorGC|MinorGC|V8\.GC_MC_BACKGROUND|Paint|Layout|UpdateLayoutTree)$/;
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== worst.pid || e.tid !== worst.tid || e.ts < worst.ts || e.ts > end) continue;
    if (!kinds.test(e.name)) continue;
    const key =
      e.args?.data?.functionName || e.args?.data?.type
        ? `${e.name}:${e.args?.data?.functionName || e.args?.data?.type}`
        : e.name;
    out[key] = Math.round(((out[key] ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000) * 10) / 10;
  }
  out.total = Math.round((worst.tdur ?? 0) / 100) / 10;
  return out;
}
