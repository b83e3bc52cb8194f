/**
 * The runner's frame readback: every per-step tensor of a frame (losses, 2-D positions,
 * probes) is concatenated and read back with ONE async data(), then split into each run's
 * typed arrays (types.ts RunFrame). A run whose loss turns non-finite is marked diverged at
 * that step here: its later values are NaN and its tensors are freed.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { OptState } from '../optim/types';
import type { Frame, RunFrame } from './types';

/** The part of a run the readback reads and updates. */
export interface FrameRun {
  index: number;
  params: Tensor[];
  state: OptState;
  diverged: boolean;
  divergedAt?: number;
  /** Probe name → width, fixed by the first step that reports it. */
  probeWidths: Map<string, number>;
}

/** Per-run, per-frame device buffers (one entry per row the run was active). */
export interface Pending {
  losses: Tensor[];
  positions: Tensor[];
  probes: Map<string, (Tensor | null)[]>;
}

export function stateTensors(state: OptState): Tensor[] {
  return Object.values(state.slots).flat();
}

/** Record one step's probes in row `row` (a probe that changes width is dropped). */
export function pushProbes(run: FrameRun, p: Pending, probes: Record<string, Tensor>, row: number): void {
  for (const [name, t] of Object.entries(probes)) {
    if (!run.probeWidths.has(name)) run.probeWidths.set(name, t.size);
    if (t.size !== run.probeWidths.get(name)) {
      t.dispose(); // a probe changed width: drop it rather than corrupt the layout
      continue;
    }
    let list = p.probes.get(name);
    if (!list) {
      list = [];
      p.probes.set(name, list);
    }
    while (list.length < row) list.push(null);
    list.push(t);
  }
}

type Offsets = { loss: number; pos: number; probes: Map<string, number[]> };

/** Concatenate every pending tensor, read back once, and split into the frame's arrays. */
export async function readFrame<R extends FrameRun>(
  runs: R[],
  twoD: boolean,
  fromStep: number,
  count: number,
  pending: Map<R, Pending>,
): Promise<Frame> {
  const parts: Tensor[] = [];
  const offsets = new Map<R, Offsets>();
  let offset = 0;
  const add = (t: Tensor) => {
    parts.push(t);
    const at = offset;
    offset += t.size;
    return at;
  };
  for (const [run, p] of pending) {
    const lossAt = offset;
    for (const t of p.losses) add(t);
    const posAt = offset;
    for (const t of p.positions) add(t);
    const probeAt = new Map<string, number[]>();
    for (const [name, list] of p.probes)
      probeAt.set(
        name,
        list.map((t) => (t ? add(t) : -1)),
      );
    offsets.set(run, { loss: lossAt, pos: posAt, probes: probeAt });
  }
  let data: Float32Array = new Float32Array(0);
  if (parts.length > 0) {
    const flat = tf.tidy(() =>
      tf.concat(
        parts.map((t) => {
          const flat = tf.reshape(t, [-1]);
          return flat.dtype === 'float32' ? flat : tf.cast(flat, 'float32');
        }),
      ),
    );
    try {
      data = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
      tf.dispose(parts);
    }
  }
  const frames: RunFrame[] = runs.map((run) => runFrame(run, twoD, fromStep, count, data, offsets.get(run)));
  return { fromStep, count, runs: frames };
}

function runFrame(
  run: FrameRun,
  twoD: boolean,
  fromStep: number,
  count: number,
  data: Float32Array,
  at: Offsets | undefined,
): RunFrame {
  const losses = new Float32Array(count).fill(Number.NaN);
  const trajectory = twoD ? new Float32Array(2 * count).fill(Number.NaN) : undefined;
  const probes: RunFrame['probes'] = {};
  for (const [name, width] of run.probeWidths) {
    probes[name] = { width, values: new Float32Array(count * width).fill(Number.NaN) };
  }
  const frame: RunFrame = { index: run.index, losses, probes };
  if (trajectory) frame.trajectory = trajectory;
  if (!at) return frame; // diverged before this frame: all NaN
  let firstBad = count;
  for (let k = 0; k < count; k++) {
    const v = data[at.loss + k];
    losses[k] = v;
    if (!Number.isFinite(v)) {
      firstBad = k;
      break;
    }
  }
  const good = Math.min(count, firstBad + 1); // keep the first non-finite value itself
  if (trajectory) trajectory.set(data.subarray(at.pos, at.pos + 2 * good));
  for (const [name, offs] of at.probes) {
    const { width, values } = probes[name];
    offs.forEach((o, k) => {
      if (o >= 0 && k < good) values.set(data.subarray(o, o + width), k * width);
    });
  }
  if (firstBad < count) {
    run.diverged = true;
    run.divergedAt = fromStep + firstBad;
    frame.divergedAt = run.divergedAt;
    tf.dispose([...run.params, ...stateTensors(run.state)]);
    run.params = [];
    run.state = { t: run.state.t, slots: {} };
  }
  return frame;
}
