/**
 * `preset run --all --workers K`: the presets spread over K worker_threads (presetWorker.ts),
 * each with its own tfjs backend. The costliest presets start first and each worker takes the
 * next preset when it finishes one, so K workers finish in about max(longest, total/K).
 * Results come back in catalog order whatever order they finish in; the numbers are the same
 * as a single-threaded run (the same backend and the same seeded computation).
 */
import { Worker } from 'node:worker_threads';
import { isLearnedKind } from '../core/learned/catalog';
import { presetSpecs } from '../core/presets/run';
import type { Preset, PresetResult } from '../core/presets/types';
import { seedsOf } from '../core/run/seeds';
import type { NodeBackend } from './nodeBackend';

type Reply =
  | { type: 'result'; id: string; result: PresetResult }
  | { type: 'error'; id: string; message: string };

function boot(): string {
  const entry = new URL(`./presetWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
    .href;
  return `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

/**
 * Rough cost of a preset in optimizer-steps: an LSTM-based learned optimizer weighs 20, LHOPT
 * (one policy call per outer step) 2, Adam tuning 5 lrs × a 2× horizon.
 */
export function presetCost(p: Preset): number {
  const adamRows = new Set(
    p.rows
      .filter((r) => r.metric.kind === 'speedup' || r.metric.kind === 'tunedAdamFinal')
      .map((r) => r.experiment),
  );
  return presetSpecs(p).reduce((sum, s, e) => {
    const perStep =
      s.optimizers.reduce((w, o) => w + (o.id === 'lhopt' ? 2 : isLearnedKind(o.id) ? 20 : 1), 0) +
      (adamRows.has(e) ? 10 : 0);
    return sum + perStep * s.steps * seedsOf(s).length;
  }, 0);
}

/** Run `presets` on `workers` threads; `onResult` sees each result in catalog order. */
export async function runPresetsInWorkers(
  presets: Preset[],
  backend: NodeBackend,
  workers: number,
  onResult: (p: Preset, r: PresetResult) => void,
): Promise<PresetResult[]> {
  const order = presets.map((_, i) => i).sort((a, b) => presetCost(presets[b]) - presetCost(presets[a]));
  const results: (PresetResult | undefined)[] = presets.map(() => undefined);
  let emitted = 0;
  const emit = () => {
    while (emitted < presets.length && results[emitted]) {
      onResult(presets[emitted], results[emitted] as PresetResult);
      emitted++;
    }
  };
  let next = 0;
  const threads = Array.from(
    { length: Math.min(workers, presets.length) },
    () => new Worker(boot(), { eval: true }),
  );
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const take = () => {
              if (next >= order.length) return resolve();
              const i = order[next++];
              w.postMessage({ type: 'run', id: presets[i].id, backend });
            };
            w.on('message', (r: Reply) => {
              if (r.type === 'error') return reject(new Error(`preset ${r.id}: ${r.message}`));
              results[presets.findIndex((p) => p.id === r.id)] = r.result;
              emit();
              take();
            });
            w.on('error', reject);
            take();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results as PresetResult[];
}
