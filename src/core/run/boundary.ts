/**
 * Decision-boundary maps (TensorFlow Playground style) for 2-D classification tasks: each run's
 * P(class 1) over a res × res grid of the square [−extent, extent]², computed on the device for
 * all live runs at once and read back in one transfer, with the training points to draw on top.
 * Row r of the grid is y = extent − (r + ½)·2·extent/res (top row first), column c is
 * x = −extent + (c + ½)·2·extent/res: row-major like an image.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { DecisionSource } from '../tasks/types';
import type { FrameRun } from './frames';
import type { DecisionGrid } from './types';

export type { DecisionGrid };

/** The grid's cell centres as [res², 2] inputs, top row first. */
export function gridInputs(res: number, extent: number): Float32Array {
  const out = new Float32Array(2 * res * res);
  const h = (2 * extent) / res;
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const k = 2 * (r * res + c);
      out[k] = -extent + (c + 0.5) * h;
      out[k + 1] = extent - (r + 0.5) * h;
    }
  }
  return out;
}

/** One grid per run (NaN-filled for diverged runs); null when the task has no decision source. */
export async function decisionGrid(
  source: DecisionSource | undefined,
  runs: readonly Pick<FrameRun, 'params' | 'diverged'>[],
  res: number,
  step: number,
): Promise<DecisionGrid | null> {
  if (!source) return null;
  const cells = res * res;
  const probs = new Float32Array(runs.length * cells).fill(Number.NaN);
  const live = runs.map((r, i) => ({ r, i })).filter(({ r }) => !r.diverged);
  if (live.length > 0) {
    const stacked: Tensor = tf.tidy(() => {
      const xy = tf.tensor2d(gridInputs(res, source.extent), [cells, 2]);
      return tf.stack(live.map(({ r }) => source.predict(r.params, xy)));
    });
    const values = (await stacked.data()) as Float32Array;
    stacked.dispose();
    live.forEach(({ i }, k) => {
      probs.set(values.subarray(k * cells, (k + 1) * cells), i * cells);
    });
  }
  return {
    step,
    res,
    extent: source.extent,
    probs,
    points: source.points.slice(),
    labels: source.labels.slice(),
  };
}
