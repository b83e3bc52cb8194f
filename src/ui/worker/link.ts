/**
 * State the worker client's modules share (client.ts, liveEdits.ts): the worker's API and the
 * spec the loaded run was made from, with the mid-run edits and Continue steps recorded since
 * (null: nothing loaded). Kept apart so those modules import it without importing each other.
 */
import type * as Comlink from 'comlink';
import type { ExperimentSpec, OptimizerEntry } from '../../core/experiment/schema';
import type { TrainApi } from '../../core/worker/protocol';
import { useRun } from '../store/runStore';

export const link: { api: Comlink.Remote<TrainApi> | null; loaded: ExperimentSpec | null } = {
  api: null,
  loaded: null,
};

/** Run a worker call; a failure (worker gone, call rejected) becomes the run's error, never a rejection. */
export async function guarded(what: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    useRun.setState({ error: `${what}: ${e instanceof Error ? e.message : String(e)}`, state: 'error' });
  }
}

/** The loaded spec with entry `index`'s hyperparameters and recorded edits replaced. */
export function withEntryEdits(
  spec: ExperimentSpec,
  index: number,
  edits: Pick<OptimizerEntry, 'hyper' | 'schedule'>,
): ExperimentSpec {
  const optimizers = spec.optimizers.map((o, i) => {
    if (i !== index) return o;
    const { schedule: _old, ...rest } = o;
    return { ...rest, hyper: edits.hyper, ...(edits.schedule?.length ? { schedule: edits.schedule } : {}) };
  });
  return { ...spec, optimizers };
}
