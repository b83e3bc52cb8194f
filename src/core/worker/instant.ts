/**
 * Instant mode (cheap tasks: 2-D landscapes, small quadratics): every request computes a whole
 * run (all optimizers, all steps) in one frame while the user drags the start point or a
 * slider. Requests coalesce, latest wins: one made while a run computes replaces any request
 * still waiting, so a fast drag never builds a queue; the UI shows the last answer. No DOM.
 */
import type { ExperimentSpec } from '../experiment/schema';
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
        await this.exclusive(() => this.compute(spec, id));
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
      runner = await SeedRunner.create(spec, this.env);
      const frame = await runner.advance(spec.steps);
      const ms = performance.now() - t0;
      this.emit({ type: 'instant', id, frame, ms }, frameTransferables(frame));
    } catch (e) {
      this.emit({ type: 'error', message: `instant: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      runner?.dispose();
    }
  }
}
