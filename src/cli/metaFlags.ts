/**
 * `meta-train` flags → a validated recipe (core/meta/recipe.ts; defaults: the kind's recipe for
 * the chosen outer trainer, docs/algorithms.md §8.5). Common fields (--kind, --trainer, --task
 * and its options, --iterations, --steps, --seed) for every trainer; the BPTT flags (--unroll,
 * --meta-lr, --objective, --random-scaling, --convex, --path, --init) where the trainer's recipe has
 * those fields; --set key=value for any field of any trainer's recipe.
 */

import { isLearnedKind, LEARNED_KINDS, META_OBJECTIVES, META_TASKS } from '../core/learned/catalog';
import { defaultRecipe, parseRecipe, recipeSchemaOf, trainersFor } from '../core/meta/recipe';
import { type Recipe, TRAINER_IDS } from '../core/meta/trainers/catalog';
import { ACTIVATIONS, parseTaskOptions } from '../core/tasks/catalog';
import { DECIMAL, type FlagDefs, intFlag, parsePairs, UsageError } from './args';
import { META_BACKENDS, setupMetaBackend } from './metaBackend';

export const TRAIN_FLAGS: FlagDefs = {
  kind: { kind: 'string', arg: '<id>', help: `learned optimizer: ${LEARNED_KINDS.join(', ')}` },
  trainer: {
    kind: 'string',
    arg: '<id>',
    help: `outer trainer: ${TRAINER_IDS.join(', ')} (default: the kind's first)`,
  },
  set: {
    kind: 'string',
    multiple: true,
    arg: '<key=value,…>',
    help: "any field of the trainer's recipe (e.g. --set unroll=10,metaLr=0.001)",
  },
  task: { kind: 'string', arg: '<id>', help: `training task: ${META_TASKS.join(', ')} (default mnist-mlp)` },
  activation: { kind: 'string', arg: '<act>', help: `MNIST MLP activation: ${ACTIVATIONS.join(', ')}` },
  problems: { kind: 'string', arg: '<n>', help: 'DM quadratic: problems per run (default 128)' },
  iterations: { kind: 'string', arg: '<n>', help: 'meta-iterations (= unrolls = meta-updates)' },
  steps: { kind: 'string', arg: '<n>', help: 'optimizee steps per run (default 100)' },
  unroll: { kind: 'string', arg: '<n>', help: 'steps per truncated unroll (default 20)' },
  'meta-lr': { kind: 'string', arg: '<x>', help: 'Adam lr on φ (default 1e-3 DM, 1e-4 RNNprop)' },
  objective: { kind: 'string', arg: '<id>', help: `meta-loss: ${META_OBJECTIVES.join(', ')}` },
  'random-scaling': { kind: 'string', arg: '<r>', help: 'random scaling r (0 = off)' },
  convex: { kind: 'string', arg: '<on|off>', help: 'convex-combination trick' },
  seed: { kind: 'string', arg: '<n>', help: 'seed (φ₀, runs, batches)' },
  init: {
    kind: 'string',
    arg: '<paper|adam|adam-spread|adam-clock>',
    help: "fresh φ₀: the paper's initialisers (default), adam (HyperAdam: its first steps are Adam(0.9, 0.999, lr 0.03)), adam-spread (the same steps; the other candidates spread over β₁, β₂) or adam-clock (the same steps; three LSTM units count time, so a schedule can be learned)",
  },
  'lr-scale': {
    kind: 'string',
    arg: '<name=x,…>',
    help: 'metaLr multipliers per meta-parameter (e.g. pre/kernel=100,adam/kernel=100)',
  },
  'clip-norm': {
    kind: 'string',
    arg: '<c>',
    help: "clip the meta-gradient to global L2 norm c before meta-Adam (the log's |g| shows typical norms)",
  },
  activations: {
    kind: 'string',
    arg: '<a,b,…>',
    help: `train on a mix: each run's MLP takes one of these (${ACTIVATIONS.join(', ')}), drawn per run`,
  },
  path: {
    kind: 'string',
    arg: '<autodiff|lean|fused>',
    help: 'unroll implementation (default autodiff; fused: WGSL nodes, needs --backend webgpu, else runs lean)',
  },
  workers: {
    kind: 'string',
    arg: '<k>',
    help: 'data-parallel: k workers (worker_threads when k ≥ 2), one unroll each per meta-update; exact resume',
  },
  'change-workers': {
    kind: 'boolean',
    help: 'resume a checkpoint saved with another --workers (meta-Adam kept; not bit-identical)',
  },
  backend: { kind: 'string', arg: '<name>', help: `${META_BACKENDS.join(', ')} (default wasm)` },
  out: { kind: 'string', arg: '<path>', help: 'write <path>.json + <path>.bin' },
  resume: {
    kind: 'string',
    arg: '<path>',
    help:
      'continue from <path>.json + .bin: its recipe is the base (flags override), --iterations ' +
      "counts the extra ones (default: the recipe's) and the header's meta-iterations accumulate",
  },
  'save-every': { kind: 'string', arg: '<n>', help: 'also write --out every n iterations (checkpoints)' },
  'log-every': { kind: 'string', arg: '<n>', help: 'print every n iterations (default 10)' },
  help: { kind: 'boolean', help: 'this text' },
};

export function num(flags: Record<string, unknown>, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  // Decimal only ('0x10' is not 16); the recipe schema then checks the range.
  if (typeof v !== 'string' || !DECIMAL.test(v.trim()) || !Number.isFinite(Number(v))) {
    throw new UsageError(`--${name}: must be a number; got '${String(v)}'`);
  }
  return Number(v);
}

export async function backendFrom(flags: Record<string, unknown>): Promise<string> {
  return setupMetaBackend((flags.backend as string | undefined) ?? 'wasm');
}

/**
 * Recipe from the training flags (validated; UsageError naming the field otherwise), over the
 * kind's default recipe or over `resumed` (the recipe saved with weights being continued).
 */
export function recipeFromFlags(flags: Record<string, unknown>, resumed?: Recipe): Recipe {
  const kind = (flags.kind as string | undefined) ?? resumed?.kind;
  if (!kind || !isLearnedKind(kind)) {
    throw new UsageError(`--kind: must be one of ${LEARNED_KINDS.join(', ')}; got '${kind ?? ''}'`);
  }
  if (resumed && resumed.kind !== kind) {
    throw new UsageError(`--kind: the weights to resume are '${resumed.kind}'; got '${kind}'`);
  }
  const trainers = trainersFor(kind);
  const trainer = (flags.trainer as string | undefined) ?? resumed?.trainer ?? trainers[0];
  if (!trainers.includes(trainer)) {
    throw new UsageError(`--trainer: ${kind} trains with ${trainers.join(', ')}; got '${trainer}'`);
  }
  const base: Recipe = resumed && resumed.trainer === trainer ? resumed : defaultRecipe(kind, trainer);
  const raw = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  /** A recipe field a flag sets: it must be one of this trainer's (optional ones included). */
  const fields = Object.keys(recipeSchemaOf(trainer).shape);
  const set = (flag: string, key: string, v: unknown) => {
    if (!fields.includes(key)) {
      const keys = fields.filter((k) => k !== 'trainer' && k !== 'kind');
      throw new UsageError(
        `--${flag}: '${trainer}' recipes have no ${key}; their fields: ${keys.join(', ')}`,
      );
    }
    raw[key] = v;
  };
  const task = (flags.task as string | undefined) ?? base.task.id;
  if (!(META_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`--task: must be one of ${META_TASKS.join(', ')}; got '${task}'`);
  }
  const options: Record<string, unknown> =
    task === base.task.id
      ? { ...base.task.options }
      : task === 'mnist-mlp'
        ? { ...defaultRecipe(kind, trainer).task.options }
        : task === 'dm-quadratic'
          ? { problems: 128 }
          : {};
  if (flags.activation !== undefined) {
    if (task !== 'mnist-mlp') throw new UsageError('--activation: only for --task mnist-mlp');
    if (!(ACTIVATIONS as readonly string[]).includes(flags.activation as string)) {
      throw new UsageError(`--activation: must be one of ${ACTIVATIONS.join(', ')}`);
    }
    options.activation = flags.activation;
  }
  const problems = intFlag(flags, 'problems', 1, 1024);
  if (problems !== undefined) {
    if (task !== 'dm-quadratic') throw new UsageError('--problems: only for --task dm-quadratic');
    options.problems = problems;
  }
  raw.task = { id: task, options };
  for (const [flag, key] of [
    ['iterations', 'iterations'],
    ['steps', 'steps'],
    ['unroll', 'unroll'],
    ['meta-lr', 'metaLr'],
    ['clip-norm', 'clipNorm'],
    ['seed', 'seed'],
  ] as const) {
    const v = num(flags, flag);
    if (v !== undefined) set(flag, key, v);
  }
  if (flags.objective !== undefined) set('objective', 'objective', flags.objective);
  if (flags.path !== undefined) set('path', 'path', flags.path);
  if (flags.init !== undefined) {
    if (resumed) throw new UsageError('--init: only for a fresh run (--resume continues the saved φ)');
    set('init', 'init', flags.init);
  }
  if (flags['lr-scale'] !== undefined) set('lr-scale', 'lrScale', lrScaleFlag(flags['lr-scale'] as string));
  if (flags.activations !== undefined)
    set('activations', 'activations', activationsFlag(flags.activations as string));
  const rs = num(flags, 'random-scaling');
  const convex = flags.convex;
  if (convex !== undefined && convex !== 'on' && convex !== 'off')
    throw new UsageError(`--convex: must be on or off`);
  if (rs !== undefined || convex !== undefined) {
    set(rs !== undefined ? 'random-scaling' : 'convex', 'tricks', raw.tricks);
    const tricks = raw.tricks as Record<string, unknown>;
    if (rs !== undefined) tricks.randomScaling = rs;
    if (convex !== undefined) tricks.convexCombination = convex === 'on';
  }
  for (const pairs of (flags.set as string[] | undefined) ?? []) {
    for (const [k, v] of Object.entries(parsePairs(pairs, '--set'))) {
      if (k === 'trainer' || k === 'kind' || k === 'task') throw new UsageError(`--set: use --${k} for ${k}`);
      set('set', k, v);
    }
  }
  const r = parseRecipe(raw);
  if (!r.ok) throw new UsageError(r.errors.join('; '));
  const opts = parseTaskOptions(r.value.task.id, r.value.task.options);
  if (!opts.ok) throw new UsageError(opts.errors.join('; '));
  return r.value;
}

/** --lr-scale name=x,…: meta-parameter names (pre/kernel, …) and decimal multipliers. */
function lrScaleFlag(s: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of s.split(',')) {
    const [name, v, ...rest] = pair.split('=').map((x) => x.trim());
    if (!name || v === undefined || rest.length || !DECIMAL.test(v) || !Number.isFinite(Number(v)))
      throw new UsageError(`--lr-scale: expected name=number, got '${pair}'`);
    if (Object.hasOwn(out, name)) throw new UsageError(`--lr-scale: '${name}' given twice`);
    out[name] = Number(v);
  }
  return out;
}

/** --activations a,b,…: each one of ACTIVATIONS (the message names the value it refuses). */
function activationsFlag(s: string): string[] {
  const out = s.split(',').map((x) => x.trim());
  for (const a of out)
    if (!(ACTIVATIONS as readonly string[]).includes(a))
      throw new UsageError(`--activations: '${a}' is not one of ${ACTIVATIONS.join(', ')}`);
  return out;
}

export function checked(raw: Recipe): Recipe {
  const r = parseRecipe(raw);
  if (!r.ok) throw new UsageError(r.errors.join('; '));
  return r.value;
}

/** The log's meta-gradient norms over a window: '|g| median m max M' ('' when none were finite). */
export function gradNormText(norms: readonly number[]): string {
  const xs = norms.filter(Number.isFinite).sort((a, b) => a - b);
  if (!xs.length) return '';
  return `  |g| median ${xs[xs.length >> 1].toPrecision(3)} max ${xs[xs.length - 1].toPrecision(3)}`;
}
