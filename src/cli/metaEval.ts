/**
 * `meta-train eval`: learned optimizers against a tuned Adam on fresh runs of the MNIST MLP
 * (RNNprop's protocol, core/meta/evaluate.ts), one row per activation.
 */
import { writeFile } from 'node:fs/promises';
import { MAX_STEPS } from '../core/experiment/schema';
import { isLearnedKind, LEARNED, LEARNED_KINDS, type LearnedId } from '../core/learned/catalog';
import { loadLearnedOptimizer, setLearnedSource } from '../core/learned/registry';
import { learnedRule } from '../core/learned/rule';
import { evaluateRule, meanStd } from '../core/meta/evaluate';
import { getRule } from '../core/optim/registry';
import { parseHyper } from '../core/optim/validate';
import { ACTIVATIONS, type Activation } from '../core/tasks/catalog';
import { createTask, type TaskEnv } from '../core/tasks/registry';
import { DECIMAL, DECIMAL_INT, type FlagDefs, intFlag, parseFlags, UsageError, usage } from './args';
import { backendFrom } from './metaFlags';
import { NODE_BACKENDS } from './nodeBackend';
import { checkWritable, nodeLearnedSource } from './weightsFiles';

const EVAL_FLAGS: FlagDefs = {
  runs: { kind: 'string', arg: '<n>', help: 'fresh runs per cell (default 20)' },
  steps: { kind: 'string', arg: '<n>', help: 'steps per run (default 100)' },
  activations: { kind: 'string', arg: '<list>', help: 'default sigmoid,relu,elu,tanh' },
  'adam-grid': {
    kind: 'string',
    arg: '<list>',
    help: 'Adam lrs to tune over (default 0.005,0.01,0.02,0.03,0.05)',
  },
  'tune-runs': { kind: 'string', arg: '<n>', help: 'runs per Adam lr while tuning (default 5, seeds apart)' },
  learned: {
    kind: 'string',
    multiple: true,
    arg: '<id=weights>',
    help: "learned optimizer and weights, or 'none' (default: DMOptimizer and RNNprop, pretrained)",
  },
  seed: { kind: 'string', arg: '<n>', help: 'evaluation seed (default 1000)' },
  'weights-dir': {
    kind: 'string',
    arg: '<dir>',
    help: "folder that 'pretrained:<name>' weights are read from (default public/pretrained)",
  },
  checkpoints: {
    kind: 'string',
    arg: '<list>',
    help: 'also print the mean training loss at these steps (mean over runs of f(θ_t) on the last 10 batches up to t)',
  },
  'skip-adam': { kind: 'boolean', help: 'evaluate only the learned optimizers' },
  backend: { kind: 'string', arg: '<name>', help: `${NODE_BACKENDS.join(', ')} (default wasm)` },
  json: { kind: 'string', arg: '<file>', help: 'also write the results as JSON' },
  help: { kind: 'boolean', help: 'this text' },
};

type Cell = ReturnType<typeof meanStd> & { lr?: number };

const adamHyper = (lr: number) => {
  const r = parseHyper('adam', { lr });
  if (!r.ok) throw new UsageError(`--adam-grid: ${r.errors.join('; ')}`);
  return r.value;
};

function fmt(s: { mean: number; std: number; diverged: number }): string {
  return `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}${s.diverged ? ` (${s.diverged} diverged)` : ''}`;
}

export async function evaluate(argv: string[], env: TaskEnv): Promise<number> {
  const flags = parseFlags(argv, EVAL_FLAGS);
  if (flags.help) {
    process.stdout.write(usage('meta-train eval', EVAL_FLAGS));
    return 0;
  }
  const runs = intFlag(flags, 'runs', 1, 10_000) ?? 20;
  const steps = intFlag(flags, 'steps', 1, MAX_STEPS) ?? 100;
  const tuneRuns = intFlag(flags, 'tune-runs', 1, 10_000) ?? 5;
  const seed = intFlag(flags, 'seed', 0, 4294967295) ?? 1000;
  const acts = ((flags.activations as string | undefined) ?? ACTIVATIONS.join(',')).split(',');
  for (const a of acts) {
    if (!(ACTIVATIONS as readonly string[]).includes(a)) {
      throw new UsageError(`--activations: '${a}' is not one of ${ACTIVATIONS.join(', ')}`);
    }
  }
  const gridText = ((flags['adam-grid'] as string | undefined) ?? '0.005,0.01,0.02,0.03,0.05').split(',');
  const grid = gridText.map(Number);
  if (gridText.some((t) => !DECIMAL.test(t.trim())) || grid.some((x) => !(x > 0)))
    throw new UsageError('--adam-grid: must be positive decimal numbers, comma-separated');
  for (const lr of grid) adamHyper(lr);
  const learnedSpecs =
    (flags.learned as string[] | undefined) ??
    ['dmoptimizer', 'rnnprop'].map((k) => `${k}=pretrained:${LEARNED[k]?.pretrained}`);
  const learned: { id: LearnedId; weights: string }[] = learnedSpecs
    .filter((s) => s !== 'none')
    .map((s) => {
      const [id, weights] = s.split('=');
      if (!isLearnedKind(id) || !weights)
        throw new UsageError(`--learned: expected <id>=<weights>, id one of ${LEARNED_KINDS.join(', ')}`);
      return { id, weights };
    });
  setLearnedSource(nodeLearnedSource(flags['weights-dir'] ? (flags['weights-dir'] as string) : undefined));
  const cpText = flags.checkpoints !== undefined ? String(flags.checkpoints).split(',') : [];
  const checkpoints = cpText.map(Number);
  if (cpText.some((t) => !DECIMAL_INT.test(t.trim())) || checkpoints.some((c) => c < 1 || c > steps))
    throw new UsageError(`--checkpoints: must be integers in [1, ${steps}] (--steps), comma-separated`);
  if (flags.json !== undefined) await checkWritable(String(flags.json), '--json');
  const backend = await backendFrom(flags);
  const curves: Record<string, Record<string, Float32Array>> = {};
  const t0 = performance.now();
  const rows: Record<string, Record<string, Cell>> = {};
  const adam = getRule('adam');
  for (const act of acts) {
    const task = await createTask(
      'mnist-mlp',
      { activation: act as Activation, width: 20, depth: 1, initStd: 0.1 },
      env,
      1,
    );
    try {
      const row: Record<string, Cell> = {};
      const crow: Record<string, Float32Array> = {};
      curves[act] = crow;
      if (!flags['skip-adam']) {
        // Tune Adam's lr on separate runs (seed + 1e6), then evaluate the best on the shared runs.
        let best = { lr: grid[0], mean: Number.POSITIVE_INFINITY };
        for (const lr of grid) {
          const r = await evaluateRule(adam, adamHyper(lr), task, {
            runs: tuneRuns,
            steps,
            seed: seed + 1_000_000,
          });
          const m = meanStd(r.finals);
          if (m.diverged === 0 && m.mean < best.mean) best = { lr, mean: m.mean };
        }
        const ar = await evaluateRule(adam, adamHyper(best.lr), task, { runs, steps, seed });
        row.adam = { ...meanStd(ar.finals), lr: best.lr };
        crow.adam = ar.meanCurve;
      }
      for (const l of learned) {
        const { opt } = await loadLearnedOptimizer(l.id, l.weights);
        const hp = { lr: opt.architecture.outputScale };
        const lr = await evaluateRule(learnedRule(opt), hp, task, { runs, steps, seed });
        row[l.id] = meanStd(lr.finals);
        crow[l.id] = lr.meanCurve;
      }
      rows[act] = row;
      const cells = Object.entries(row).map(([k, c]) => `${k}${c.lr ? ` (lr ${c.lr})` : ''} ${fmt(c)}`);
      process.stdout.write(
        `${act}: ${cells.join('  |  ')}  [${((performance.now() - t0) / 1000).toFixed(0)} s]\n`,
      );
    } finally {
      task.dispose();
    }
  }
  const cols = Object.keys(rows[acts[0]] ?? {});
  const header = `| activation | ${cols.map((c) => (c === 'adam' ? 'Adam (tuned lr)' : c)).join(' | ')} |`;
  const sep = `|---|${cols.map(() => '---|').join('')}`;
  const lines = acts.map(
    (act) =>
      `| ${act} | ${cols.map((c) => `${fmt(rows[act][c])}${rows[act][c].lr ? ` (lr ${rows[act][c].lr})` : ''}`).join(' | ')} |`,
  );
  process.stdout.write(
    `\nfinal training loss after ${steps} steps, MNIST MLP 784-20-10, mean ± std over ${runs} runs (backend ${backend}, ` +
      `${((performance.now() - t0) / 1000).toFixed(0)} s)\n${header}\n${sep}\n${lines.join('\n')}\n`,
  );
  if (checkpoints.length > 0) {
    const at = (c: Float32Array, t: number) => {
      const w = c.slice(Math.max(0, t - 10), t);
      return w.reduce((a, b) => a + b, 0) / w.length;
    };
    process.stdout.write(
      `\nmean training loss at step t (mean over runs of f(θ_s; B_s+1), s = t−10..t−1)\n` +
        `| activation | optimizer | ${checkpoints.map((c) => `t=${c}`).join(' | ')} |\n` +
        `|---|---|${checkpoints.map(() => '---|').join('')}\n`,
    );
    for (const act of acts) {
      for (const [k, c] of Object.entries(curves[act] ?? {})) {
        process.stdout.write(
          `| ${act} | ${k} | ${checkpoints.map((t) => at(c, t).toFixed(3)).join(' | ')} |\n`,
        );
      }
    }
  }
  if (flags.json)
    await writeFile(
      flags.json as string,
      `${JSON.stringify({ steps, runs, seed, backend, rows }, null, 1)}\n`,
    );
  return 0;
}
