/**
 * Instant mode (cheap tasks: 2-D landscapes, small quadratics): every request computes a whole
 * run (all optimizers, all steps) in one frame while the user drags the start point or a
 * slider. Requests coalesce, latest wins: one made while a run computes replaces any request
 * still waiting, so a fast drag never builds a queue; the UI shows the last answer. No DOM.
 * 2-D landscapes with hand-designed rules take the tfjs-free fast path (instant/trajectory.ts:
 * the same float32 numbers, a few ms per run); everything else (learned optimizers, the
 * quadratics) runs through the tfjs runner, and the answer says why.
 */
import type { ExperimentSpec } from '../experiment/schema';
import { fastPathWhyNot, instantFrame } from '../instant/trajectory';
import { SeedRunner } from '../run/seeds';
import type { TaskEnv } from '../tasks/registry';
import type { Emit } from './session';
import { frameTransferables } from './transfer';

export class InstantRunner {
  private waiting: { spec: ExperimentSpec; id: number } | null = null;
  private busy = false;

  constructor(
    private readonly env: TaskEnv,
    private readonly emit: Emit,
    /** Serialises with the training session's use of the backend. */
    private readonly exclusive: <T>(f: () => Promise<T>) => Promise<T>,
  ) {}

  /** Compute `spec` from step 0 to the end; answered by an `instant` event carrying `id`. */
  request(spec: ExperimentSpec, id: number): void {
    this.waiting = { spec, id };
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting) {
        const { spec, id } = this.waiting;
        this.waiting = null;
        // The fast path uses no tfjs; the tfjs path shares the backend with the session.
        if (fastPathWhyNot(spec) === null) await this.compute(spec, id);
        else await this.exclusive(() => this.compute(spec, id));
        // Let newer requests in before the next one starts.
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.busy = false;
    }
  }

  private async compute(spec: ExperimentSpec, id: number): Promise<void> {
    const t0 = performance.now();
    let runner: SeedRunner | null = null;
    try {
      const slow = fastPathWhyNot(spec);
      if (slow === null) {
        const frame = instantFrame(spec);
        const ms = performance.now() - t0;
        this.emit({ type: 'instant', id, frame, ms, slow }, frameTransferables(frame));
        return;
      }
      runner = await SeedRunner.create(spec, this.env);
      const frame = await runner.advance(spec.steps);
      const ms = performance.now() - t0;
      this.emit({ type: 'instant', id, frame, ms, slow }, frameTransferables(frame));
    } catch (e) {
      this.emit({ type: 'error', message: `instant: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      runner?.dispose();
    }
  }
}
