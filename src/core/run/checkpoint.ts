/**
 * Runner checkpoints (issue 16): the exact state of a comparison run at an update boundary —
 * every run's parameters and optimizer state (read back as typed arrays), the minibatch
 * stream's position, divergence marks, the held-out cadence — as plain, structured-clonable
 * data whose buffers can be transferred. A crashed training worker (or a failed backend) is
 * rebuilt from the spec, the checkpoint is written into the fresh runner (`Runner.restore`),
 * and the run goes on from that step instead of replaying from step 0: on the same backend the
 * continuation is bit-identical to an uninterrupted run (test/run/checkpoint.test.ts).
 *
 * Fused rules keep a packed state (kernels/packed.ts), plain rules one tensor per slot: a
 * checkpoint taken on one path is converted to the other's layout on restore.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { fromReferenceState, packedOf, toReferenceState } from '../kernels/packed';
import type { OptState } from '../optim/types';
import type { RunCheckpoint, RunCheckpointSet, TensorData } from './checkpointTypes';
import { type FrameRun, stateTensors } from './frames';

export type { RunCheckpoint, RunCheckpointSet, RunnerCheckpoint, TensorData } from './checkpointTypes';

async function readTensor(t: Tensor): Promise<TensorData> {
  // A copy: the cpu backend's data() is the tensor's own storage, and a checkpoint's
  // buffers are transferred (detached) when sent.
  const values = ((await t.data()) as TensorData['values']).slice();
  return { shape: [...t.shape], dtype: t.dtype as TensorData['dtype'], values };
}

function makeTensor(d: TensorData, what: string): Tensor {
  const size = d.shape.reduce((a, b) => a * b, 1);
  if (d.values.length !== size)
    throw new Error(`checkpoint ${what}: ${d.values.length} values for shape [${d.shape}]`);
  return tf.tensor(d.values, d.shape, d.dtype);
}

/** Read one run's tensors back (async; the run's tensors are not touched). */
export async function captureRun(run: FrameRun): Promise<RunCheckpoint> {
  const { t, slots, ...extra } = run.state as OptState & Record<string, unknown>;
  const out: RunCheckpoint = {
    index: run.index,
    diverged: run.diverged,
    probeWidths: [...run.probeWidths],
    params: await Promise.all(run.params.map(readTensor)),
    t,
    slots: {},
    extra: structuredClone(extra),
  };
  if (run.divergedAt !== undefined) out.divergedAt = run.divergedAt;
  for (const [k, list] of Object.entries(slots)) out.slots[k] = await Promise.all(list.map(readTensor));
  return out;
}

/**
 * Write a checkpointed run into `run` (fresh from init): its params and state are replaced
 * (the old tensors disposed). The state is converted between the packed (fused) and the plain
 * layout when the checkpoint was taken on the other path; anything else that does not match
 * the rule's own state throws, leaving `run` as it was.
 */
export function restoreRun(run: FrameRun, ck: RunCheckpoint): void {
  if (ck.index !== run.index) throw new Error(`checkpoint: run ${ck.index} written into run ${run.index}`);
  let params: Tensor[] = [];
  let state: OptState = { t: ck.t, slots: {} };
  try {
    if (!ck.diverged) {
      if (ck.params.length !== run.params.length)
        throw new Error(
          `checkpoint run ${ck.index}: ${ck.params.length} parameter tensors, the task has ${run.params.length}`,
        );
      ck.params.forEach((d, i) => {
        if (d.shape.join() !== run.params[i].shape.join())
          throw new Error(
            `checkpoint run ${ck.index}: params[${i}] has shape [${d.shape}], the task [${run.params[i].shape}]`,
          );
      });
      params = ck.params.map((d, i) => makeTensor(d, `run ${ck.index} params[${i}]`));
      for (const [k, list] of Object.entries(ck.slots)) {
        state.slots[k] = [];
        for (const [i, d] of list.entries()) state.slots[k].push(makeTensor(d, `run ${ck.index} ${k}[${i}]`));
      }
      state = toLayoutOf(state, run.state, params);
    }
  } catch (e) {
    tf.dispose([...params, ...stateTensors(state)]);
    throw e;
  }
  tf.dispose([...run.params, ...stateTensors(run.state)]);
  run.params = params;
  run.state = { ...structuredClone(ck.extra), t: ck.t, slots: state.slots };
  run.diverged = ck.diverged;
  run.divergedAt = ck.divergedAt;
  run.probeWidths = new Map(ck.probeWidths);
}

/** `state` in the slot layout of `like` (the rule's fresh state); `state` is consumed. */
function toLayoutOf(state: OptState, like: OptState, params: Tensor[]): OptState {
  const have = Object.keys(state.slots).sort().join('|');
  const want = Object.keys(like.slots).sort().join('|');
  if (have === want) return state;
  const wantRows = packedOf(like).rows;
  const havePacked = packedOf(state).rows.length > 0;
  let out: OptState;
  if (havePacked && wantRows.length === 0) {
    const flat = toReferenceState(state);
    out = { t: flat.t, slots: {} };
    for (const [k, list] of Object.entries(flat.slots)) {
      out.slots[k] = list.map((x, i) => tf.reshape(x, like.slots[k]?.[i]?.shape ?? params[i].shape));
      tf.dispose(list);
    }
  } else if (!havePacked && wantRows.length > 0) out = fromReferenceState(state, params, wantRows);
  else throw new Error(`checkpoint: state slots {${have}} do not fit the rule's {${want}}`);
  tf.dispose(stateTensors(state));
  const got = Object.keys(out.slots).sort().join('|');
  if (got !== want) {
    tf.dispose(stateTensors(out));
    throw new Error(`checkpoint: state slots {${got}} do not fit the rule's {${want}}`);
  }
  return out;
}

/** The buffers of a checkpoint set, to transfer rather than copy. */
export function checkpointTransferables(ck: RunCheckpointSet): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const r of ck.runners)
    for (const run of r.runs) {
      for (const d of run.params) out.add(d.values.buffer as ArrayBuffer);
      for (const list of Object.values(run.slots))
        for (const d of list) out.add(d.values.buffer as ArrayBuffer);
    }
  return [...out];
}
