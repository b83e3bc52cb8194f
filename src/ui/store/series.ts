/**
 * Streamed series, kept beside the spec (not in it): per run, losses by step, the 2-D
 * trajectory and probe rows, appended from worker frames. Mutable buffers for speed; the
 * run store's `version` tells React when they changed.
 */
import type { DecisionGrid, EvalPoint, Frame } from '../../core/run/types';
import { GrowBuf } from '../lib/growable';

export interface ProbeSeries {
  width: number;
  buf: GrowBuf;
}

export interface RunSeries {
  losses: GrowBuf;
  trajectory: GrowBuf;
  probes: Map<string, ProbeSeries>;
  divergedAt: number | null;
  /** With several seeds: each seed's losses (the `losses` above are their mean). */
  seeds?: GrowBuf[];
}

/**
 * `evals`: held-out metrics measured during the run (tasks with held-out data); `decision`: the
 * latest decision-boundary maps (2-D classification tasks).
 */
export const series: { runs: RunSeries[]; steps: number; evals: EvalPoint[]; decision: DecisionGrid | null } =
  {
    runs: [],
    steps: 0,
    evals: [],
    decision: null,
  };

export function resetSeries(count: number): void {
  series.runs = Array.from({ length: count }, () => ({
    losses: new GrowBuf(),
    trajectory: new GrowBuf(),
    probes: new Map(),
    divergedAt: null,
    seeds: [],
  }));
  series.steps = 0;
  series.evals = [];
  series.decision = null;
}

/** Append a frame; frames must arrive in step order (the worker guarantees it). */
export function appendFrame(frame: Frame): void {
  for (const rf of frame.runs) {
    const run = series.runs[rf.index];
    if (!run) continue;
    run.losses.push(rf.losses);
    if (rf.trajectory) run.trajectory.push(rf.trajectory);
    if (rf.seedLosses) {
      if (!run.seeds) run.seeds = [];
      const bufs = run.seeds;
      rf.seedLosses.forEach((l, s) => {
        bufs[s] ??= new GrowBuf();
        bufs[s].push(l);
      });
    }
    for (const [name, p] of Object.entries(rf.probes)) {
      let ps = run.probes.get(name);
      if (!ps) {
        ps = { width: p.width, buf: new GrowBuf() };
        run.probes.set(name, ps);
      }
      ps.buf.push(p.values);
    }
    if (rf.divergedAt !== undefined && run.divergedAt === null) run.divergedAt = rf.divergedAt;
  }
  if (frame.eval) series.evals.push(frame.eval);
  if (frame.decision) series.decision = frame.decision;
  series.steps = Math.max(series.steps, frame.fromStep + frame.count);
}
