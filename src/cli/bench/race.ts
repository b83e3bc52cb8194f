/**
 * End-to-end speed of the MNIST race (the playground's comparison on the papers' MNIST MLP,
 * batch 128), with the eight hand-designed optimizers or with the four coordinatewise learned
 * ones (shipped weights; rules resolved as the runner does, run/rules.ts resolveRule: fused
 * kernels or plain ops): every optimizer takes one step per race step, as the runner does; each step's
 * time is split into the task's forward/backward pass (valueAndGrads on the minibatch), the
 * optimizer's update (probes included: the fused kernels compute them in the same pass, the
 * plain-ops rules with extra ops) and the readback of the loss and probes (every step here,
 * the worst case: the runner reads once per frame). On the synchronous backends (wasm, cpu)
 * each phase is timed as it runs, in wall time and in process CPU time (all threads). Steps per second and the optimizers' share
 * (update + probes + readback) are reported per path (fused kernels vs plain ops).
 */
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../../core/experiment/rng';
import { setLearnedSource } from '../../core/learned/registry';
import type { Hyper, OptimizerId } from '../../core/optim/catalog';
import { applyStep, disposeState } from '../../core/optim/registry';
import type { OptState, UpdateRule } from '../../core/optim/types';
import { completeHyper, resolveRule } from '../../core/run/rules';
import { createTask } from '../../core/tasks/registry';
import { nodeTaskEnv } from '../nodeBackend';
import { nodeLearnedSource } from '../weightsFiles';
import { cpuMsSince } from './measure';

/** The eight hand-designed optimizers of the race. */
export const RACE_RULES: OptimizerId[] = [
  'sgd',
  'momentum',
  'adagrad',
  'rmsprop',
  'adam',
  'adamw',
  'adabound',
  'adamod',
];

/** The four coordinatewise learned optimizers of the learned race. */
export const RACE_LEARNED = ['dmoptimizer', 'rnnprop', 'hyperadam', 'vhadam'];

export interface RaceRecord {
  backend: string;
  /** which optimizers raced: the hand-designed eight or the learned four */
  group: 'hand-designed' | 'learned';
  mode: 'fused' | 'plain';
  optimizers: string[];
  steps: number;
  /** per race step (all optimizers), ms */
  msPerStep: number;
  fwdBwdMs: number;
  updateMs: number;
  readbackMs: number;
  stepsPerS: number;
  /** (update + probes + readback) / step */
  optimizerShare: number;
  /** the same split in process CPU time (all threads), which machine load inflates less */
  cpu: { msPerStep: number; fwdBwdMs: number; updateMs: number; readbackMs: number; optimizerShare: number };
}

interface Lane {
  rule: UpdateRule;
  hp: Hyper;
  params: Tensor[];
  state: OptState;
}

export async function benchRace(
  backend: string,
  fused: boolean,
  steps: number,
  group: RaceRecord['group'] = 'hand-designed',
): Promise<RaceRecord> {
  const ids = group === 'learned' ? RACE_LEARNED : RACE_RULES;
  if (group === 'learned') setLearnedSource(nodeLearnedSource()); // shipped weights, public/pretrained
  const task = await createTask('mnist-mlp', undefined, nodeTaskEnv(), 1);
  const init = task.init(makeRng(1).fork('init'));
  const lanes: Lane[] = [];
  try {
    for (const id of ids) {
      const hp = completeHyper(id, {}, id);
      const rule = await resolveRule({ id, hyper: hp } as Parameters<typeof resolveRule>[0], fused);
      const params = init.map((t) => tf.clone(t));
      lanes.push({ rule, hp, params, state: rule.init(params, hp) });
    }
  } finally {
    tf.dispose(init);
  }
  const batchRng = makeRng(1).fork('batches');
  const total = { fwdBwd: 0, update: 0, readback: 0, all: 0 };
  const totalCpu = { ...total };
  const warm = 2;
  try {
    for (let s = 0; s < warm + steps; s++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const cpu = { fwdBwd: 0, update: 0, readback: 0 };
      const batch = task.nextBatch(batchRng);
      let fwdBwd = 0;
      let update = 0;
      let readback = 0;
      for (const lane of lanes) {
        let t = performance.now();
        let c = process.cpuUsage();
        const { value, grads } = tf.tidy(() => {
          const vg = tf.valueAndGrads((...ps: Tensor[]) => task.loss(ps, batch))(lane.params);
          return { value: vg.value, grads: vg.grads } as unknown as tf.TensorContainer;
        }) as unknown as { value: Scalar; grads: Tensor[] };
        fwdBwd += performance.now() - t;
        cpu.fwdBwd += cpuMsSince(c);
        t = performance.now();
        c = process.cpuUsage();
        const out = applyStep(lane.rule, lane.params, grads, lane.state, lane.hp);
        update += performance.now() - t;
        cpu.update += cpuMsSince(c);
        tf.dispose(grads);
        lane.params = out.params;
        lane.state = out.state;
        t = performance.now();
        c = process.cpuUsage();
        value.dataSync();
        for (const p of Object.values(out.probes)) p.dataSync();
        readback += performance.now() - t;
        cpu.readback += cpuMsSince(c);
        tf.dispose([value, ...Object.values(out.probes)]);
      }
      if (batch) tf.dispose(Object.values(batch));
      if (s >= warm) {
        total.fwdBwd += fwdBwd;
        total.update += update;
        total.readback += readback;
        total.all += performance.now() - t0;
        totalCpu.fwdBwd += cpu.fwdBwd;
        totalCpu.update += cpu.update;
        totalCpu.readback += cpu.readback;
        totalCpu.all += cpuMsSince(c0);
      }
    }
  } finally {
    for (const lane of lanes) {
      tf.dispose(lane.params);
      disposeState(lane.state);
    }
    task.dispose();
  }
  const per = (x: number) => x / steps;
  return {
    backend,
    group,
    mode: fused ? 'fused' : 'plain',
    optimizers: ids,
    steps,
    msPerStep: per(total.all),
    fwdBwdMs: per(total.fwdBwd),
    updateMs: per(total.update),
    readbackMs: per(total.readback),
    stepsPerS: (1000 * steps) / total.all,
    optimizerShare: (total.update + total.readback) / total.all,
    cpu: {
      msPerStep: per(totalCpu.all),
      fwdBwdMs: per(totalCpu.fwdBwd),
      updateMs: per(totalCpu.update),
      readbackMs: per(totalCpu.readback),
      optimizerShare: (totalCpu.update + totalCpu.readback) / totalCpu.all,
    },
  };
}

/** One line per record. */
export function formatRace(r: RaceRecord): string {
  const f = (x: number) => x.toFixed(1);
  return (
    `  race ${r.backend} ${r.mode.padEnd(5)} ${r.optimizers.length} ${r.group}: ${r.stepsPerS.toFixed(2)} steps/s ` +
    `(${f(r.msPerStep)} ms: fwd/bwd ${f(r.fwdBwdMs)}, update+probes ${f(r.updateMs)}, readback ${f(r.readbackMs)}; ` +
    `optimizers' share ${(100 * r.optimizerShare).toFixed(0)}%; cpu ${f(r.cpu.msPerStep)} ms: fwd/bwd ` +
    `${f(r.cpu.fwdBwdMs)}, update+probes ${f(r.cpu.updateMs)}, share ${(100 * r.cpu.optimizerShare).toFixed(0)}%)`
  );
}
