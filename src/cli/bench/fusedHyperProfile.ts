/**
 * Profile of HyperAdam / VHAdam meta-training unrolls on WebGPU in Node (Dawn; SwiftShader
 * without a GPU): autodiff vs lean vs fused (src/core/meta/fused/hyperKinds.ts) on the recipe's
 * task (MNIST MLP, sigmoid, batch 128), for docs/meta-training-profile.md:
 *   unrolls/s (wall) and process CPU s per unroll; per optimizee step (one unroll under
 *   tf.profile): tfjs kernel calls, all GPU dispatches (gpuDispatches.ts) and the fused nodes'
 *   own; peak tracked bytes (tf.profile) and the GPU bytes tfjs's buffer pool allocated.
 * Unlike `meta-train profile` it can run on a DM quadratic of any size (--problems), which is
 * what a software adapter can afford.
 * Usage: npx tsx src/cli/bench/fusedHyperProfile.ts --kind vhadam --unroll 20 --unrolls 2 [--warmup 1]
 *        [--paths autodiff,lean,fused] [--problems P: DM quadratic, 10·P coordinates, not MNIST]
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_ARCHITECTURES, defaultRecipe, parseRecipe } from '../../core/learned/catalog';
import { initLearned } from '../../core/learned/factory';
import { fusedDispatches } from '../../core/meta/fused/dispatchCount';
import { type UnrollPath, withPath } from '../../core/meta/lean/wrap';
import {
  carry,
  closeRun,
  disposeSharedTask,
  newSharedTask,
  openRun,
  type SharedTask,
  unrollContext,
  unrollOnce,
} from '../../core/meta/runs';
import { ensureGradients } from '../../core/tasks/gradients';
import { countGpuDispatches } from '../gpuDispatches';
import { nodeTaskEnv } from '../nodeBackend';
import { setupNodeWebGpu } from './dawn';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function profile(kind: 'hyperadam' | 'vhadam', path: UnrollPath, unroll: number, n: number) {
  const problems = Number(arg('problems', '0'));
  const task = problems > 0 ? { id: 'dm-quadratic', options: { problems } } : defaultRecipe(kind).task;
  const r = parseRecipe({ ...defaultRecipe(kind), task, unroll, path });
  if (!r.ok) throw new Error(r.errors.join('; '));
  const recipe = r.value;
  const opt = initLearned(DEFAULT_ARCHITECTURES[kind], recipe.seed);
  const stepOpt = withPath(opt, path);
  const shared: SharedTask = newSharedTask();
  const run = await openRun(recipe, nodeTaskEnv(), stepOpt, 0, shared);
  const ctx = unrollContext(recipe, opt, stepOpt);
  const once = async () => {
    const res = unrollOnce(run, ctx);
    await Promise.all(res.grads.map((g) => g.data()));
    const loss = (await res.metaLoss.data())[0];
    tf.dispose([res.metaLoss, res.losses, ...res.grads]);
    carry(run, res);
    return loss;
  };
  const w0 = performance.now();
  for (let i = 0; i < Number(arg('warmup', '1')); i++) await once(); // shaders, MNIST
  const warmS = (performance.now() - w0) / 1000;
  const d0 = fusedDispatches();
  const all0 = allDispatches?.() ?? 0;
  let kernels = 0;
  const p0 = performance.now();
  const prof = await tf.profile(async () => {
    await once();
  });
  const profS = (performance.now() - p0) / 1000;
  kernels = prof.kernels.length;
  const fused = fusedDispatches() - d0;
  const all = (allDispatches?.() ?? 0) - all0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let loss = 0;
  for (let i = 0; i < n; i++) loss = await once();
  const wall = n > 0 ? (performance.now() - t0) / n : Number.NaN;
  const c = process.cpuUsage(c0);
  const gpu = (tf.backend() as unknown as { bufferManager?: { numBytesAllocated: number } }).bufferManager;
  const out = {
    kind,
    path,
    unroll,
    coords: run.params.reduce((a, p) => a + p.size, 0),
    unrollsPerSec: 1000 / wall,
    cpuSPerUnroll: n > 0 ? (c.user + c.system) / 1e6 / n : Number.NaN,
    profiledUnrollS: profS,
    kernelCallsPerStep: kernels / unroll,
    fusedDispatchesPerStep: fused / unroll,
    gpuDispatchesPerStep: all / unroll,
    peakTrackedGiB: prof.peakBytes / 2 ** 30,
    gpuPoolGiB: (gpu?.numBytesAllocated ?? 0) / 2 ** 30,
    metaLoss: loss,
    warmUpS: warmS,
  };
  closeRun(run);
  disposeSharedTask(shared);
  opt.dispose();
  return out;
}

let allDispatches: (() => number) | null = null;

async function main() {
  const env = await setupNodeWebGpu();
  if (!env.ok) throw new Error(`no WebGPU adapter: ${env.notes.join('; ')}`);
  allDispatches = countGpuDispatches();
  await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('setBackend(webgpu) failed');
  await ensureGradients();
  const kind = arg('kind', 'hyperadam') as 'hyperadam' | 'vhadam';
  const unroll = Number(arg('unroll', '20'));
  const n = Number(arg('unrolls', '2'));
  process.stdout.write(`adapter: ${env.adapter}\n`);
  for (const path of arg('paths', 'autodiff,lean,fused').split(',') as UnrollPath[]) {
    try {
      process.stdout.write(`${JSON.stringify(await profile(kind, path, unroll, n))}\n`);
    } catch (e) {
      process.stdout.write(`${kind} ${path}: failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
