/**
 * The Meta-train tab's settings: which learned optimizer, its training task and that task's
 * options, the recipe's own fields and tricks, and the evaluation settings. The fields are
 * generated from the core's schemas (recipeSchema, TASK_OPTIONS) with the same SchemaFields as
 * the Compare tab; task presets come from the core (defaultRecipe, defaultTaskOptions).
 */

import type { z } from 'zod';
import {
  defaultRecipe,
  LEARNED,
  LEARNED_KINDS,
  type LearnedId,
  META_TASKS,
  type Recipe,
} from '../../core/learned/catalog';
import { recipeSchemaOf } from '../../core/meta/recipe';
import { evalSettingsErrors, workersError } from '../../core/meta/startOptions';
import { defaultTaskOptions, TASK_OPTIONS, TASKS, type TaskId } from '../../core/tasks/catalog';
import { NumberField } from '../controls/NumberField';
import { SchemaFields } from '../controls/SchemaFields';
import { OPTION_LABELS } from '../lib/zodFields';
import { type MetaForm, useMeta } from './metaStore';
import { PPO_HELP, PPO_LABELS } from './ppoRecipeHelp';

const RECIPE_LABELS: Record<string, string> = {
  iterations: 'meta-iterations',
  steps: 'steps per run',
  unroll: 'unroll',
  metaLr: 'meta-lr (Adam on φ)',
  clipNorm: 'clip meta-gradient norm',
  segments: 'recompute segments',
  objective: 'meta-loss',
  seed: 'seed',
  path: 'meta-gradient path',
  init: 'initial φ₀',
  activations: 'train on a mix of activations (none ticked: the task’s)',
  randomScaling: 'random scaling r (0 = off)',
  convexCombination: 'convex-combination trick',
};

/** What each field means: tooltips, and the "What do these settings mean?" list. */
export const RECIPE_HELP: Record<string, string> = {
  trainer:
    'the outer trainer that meta-trains φ (core/meta/trainers): bptt = truncated backpropagation through time',
  problems: 'how many independent 10-dim quadratics are averaged into one loss',
  width: 'hidden units of the MNIST MLP being trained',
  depth: 'hidden layers of the MNIST MLP',
  activation: 'activation of the MNIST MLP (the papers train on sigmoid and test on the others)',
  batchSize: 'MNIST images per minibatch',
  initStd: 'standard deviation of the MLP’s initial weights',
  steps: 'optimizee steps in one training run (the horizon); then a fresh problem starts',
  unroll:
    'steps per truncated unroll: the meta-gradient flows back through this many steps, then the learned optimizer’s weights φ get one Adam update',
  iterations: 'meta-updates in total (one per unroll)',
  metaLr: 'learning rate of the Adam that trains the learned optimizer’s weights φ',
  clipNorm:
    'rescale the meta-gradient to at most this global L2 norm before the Adam step on φ (empty = off). A run whose optimizee diverges can give a meta-gradient a million times the usual one; unclipped, it fills Adam’s second moment and stalls training for ~1000 updates. The CLI log’s |g| shows typical norms (HyperAdam on MNIST: median 0.4–2.6, spikes to 5·10⁶; 10 works)',
  segments:
    'run each unroll’s backward pass in this many segments, recomputing every segment’s forward pass from its saved start (empty = 1): the same meta-gradient with about 1/segments of the memory, for up to twice the forward compute. Lets an unroll longer than the wasm heap holds run (HyperAdam on MNIST: 78 steps fit, 100 need 2 segments). Not VHAdam (its recomputed steps would sample new noise)',
  objective:
    'mean-unroll: mean of the unroll’s losses (DMOptimizer, HyperAdam); last-step: the unroll’s last loss (RNNprop); variational: VHAdam’s sampled loss + 1e-4·KL summed over coordinates (the authors’ code; pins σ² at 1); variational-mean: the same with the KL averaged over coordinates (lets the VarBlock learn σ²)',
  seed: 'seeds the learned optimizer’s initial weights and every training problem',
  path: 'autodiff: tfjs computes the meta-gradient; lean: a hand-written backward pass (same gradient, faster); fused: the lean pass as WGSL kernels on WebGPU (lean on other backends)',
  init: 'where a fresh run’s weights φ start: paper = the paper’s random initialisers; adam = the AdamCell and WeightCell set so the first steps are exactly Adam (β₁ 0.9, β₂ 0.999, lr 0.03) and training starts from there (HyperAdam; its 20 candidates stay identical); adam-spread = the same first steps, with the other 19 candidates spread over β₁ 0.3–0.99 and β₂ 0.9–0.9999 (β₁² < β₂) at weight 0, so training can mix them in; adam-clock = adam plus three LSTM units that count time (the same on every coordinate), so training can give the lr a schedule from the first update',
  activations:
    'meta-train on a mix of MLP activations: each training run draws one of the ticked activations (from its seed) in place of the task’s activation option, so the optimizer sees all of them; none ticked = every run uses the task’s activation (the papers train on sigmoid only)',
  randomScaling:
    'RNNprop’s trick: train on f(c⊙θ) with c_i = exp(U[−r, r]) redrawn every run, so the optimizer learns to ignore the gradient’s scale; 0 turns it off',
  convexCombination:
    'RNNprop’s trick: add a 20-dim clipped convex problem that the optimizer also minimises, alongside the network',
  evalEvery: 'every N meta-iterations, race the learned optimizer against Adam on fresh runs (0 = never)',
  evalRuns: 'fresh runs averaged in each evaluation',
  adamLr: 'Adam’s learning rate in those evaluations',
  workers:
    'data-parallel workers (bptt only): each meta-iteration, this many Web Workers each unroll their own training run and compute a meta-gradient; the average updates φ. One per free CPU core is fastest (the default: this device’s cores − 1); the same seed and count give the same numbers',
};

const WORKERS_LABEL = 'workers (parallel)';

/** Recipe keys edited by their own controls above (kind, task) or below (tricks). */
const RECIPE_OMIT = ['kind', 'task', 'tricks'] as const;
/** …and `init` for kinds without an Adam start (only the paper's φ₀), `activations` for tasks without one. */
const omitFor = (kind: LearnedId, task: TaskId) => [
  ...RECIPE_OMIT,
  ...(LEARNED[kind]?.adamStart ? [] : ['init']),
  ...(hasActivation(task) ? [] : ['activations']),
];
const hasActivation = (task: TaskId) => 'activation' in TASK_OPTIONS[task].shape;

/** A training task's preset: the kind's default recipe task if it is that task, else the task's defaults. */
export function taskPreset(kind: LearnedId, id: TaskId): Recipe['task'] {
  const d = defaultRecipe(kind).task;
  return d.id === id ? d : { id: id as Recipe['task']['id'], options: defaultTaskOptions(id) };
}

const EVAL_FIELDS: { key: keyof Omit<MetaForm, 'recipe' | 'workers'>; label: string }[] = [
  { key: 'evalEvery', label: 'evaluate every N iterations' },
  { key: 'evalRuns', label: 'evaluation runs' },
  { key: 'adamLr', label: 'Adam lr (baseline)' },
];

export function RecipeForm() {
  const { form, setForm, setRecipe, setKind } = useMeta();
  const r = form.recipe;
  const taskId = r.task.id as TaskId;
  const taskValues = { ...defaultTaskOptions(taskId), ...r.task.options };
  const ppo = r.trainer === 'ppo';
  const labels = ppo ? { ...RECIPE_LABELS, ...PPO_LABELS } : RECIPE_LABELS;
  const help = ppo ? { ...RECIPE_HELP, ...PPO_HELP } : RECIPE_HELP;
  return (
    <section className="panel" aria-label="Recipe">
      <label className="field">
        <span>learned optimizer</span>
        <select value={r.kind} onChange={(e) => setKind(e.target.value as LearnedId)}>
          {LEARNED_KINDS.map((k) => (
            <option key={k} value={k}>
              {LEARNED[k].label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>training task</span>
        <select
          value={taskId}
          onChange={(e) => {
            const id = e.target.value as TaskId;
            // a mix of activations only where the new task has an activation option
            const mix = hasActivation(id) ? {} : { activations: undefined };
            setRecipe({ task: taskPreset(r.kind, id), ...mix } as Partial<Recipe>);
          }}
        >
          {META_TASKS.map((id) => (
            <option key={id} value={id}>
              {TASKS[id].label}
            </option>
          ))}
        </select>
      </label>
      <RecipeHelp
        fields={[
          ...Object.keys(taskValues),
          ...Object.keys(labels),
          ...EVAL_FIELDS.map((f) => f.key),
          'workers',
        ]}
        labels={labels}
        help={help}
      />
      <div className="form-grid">
        <SchemaFields
          schema={TASK_OPTIONS[taskId]}
          values={taskValues}
          onChange={(name, v) => setRecipe({ task: { ...r.task, options: { ...taskValues, [name]: v } } })}
          labels={OPTION_LABELS}
          help={RECIPE_HELP}
          path="recipe.task.options"
          testIdPrefix="meta-task"
        />
        <SchemaFields
          schema={recipeSchemaOf(r.trainer)}
          values={r}
          omit={omitFor(r.kind as LearnedId, taskId)}
          onChange={(name, v) => setRecipe({ [name]: v } as Partial<Recipe>)}
          labels={labels}
          help={help}
          path="recipe"
          testIdPrefix="meta"
        />
        {'tricks' in r && (
          <SchemaFields
            schema={recipeSchemaOf(r.trainer).shape.tricks as z.ZodType}
            values={r.tricks}
            onChange={(name, v) => setRecipe({ tricks: { ...r.tricks, [name]: v } } as Partial<Recipe>)}
            labels={labels}
            help={help}
            path="recipe.tricks"
            testIdPrefix="meta"
          />
        )}
        {EVAL_FIELDS.map(({ key, label }) => (
          <NumberField
            key={key}
            label={label}
            value={form[key]}
            testId={`meta-${key}`}
            help={RECIPE_HELP[key]}
            validate={(v) =>
              evalSettingsErrors({ ...form, [key]: v }).find((e) => e.startsWith(label)) ?? null
            }
            onCommit={(v) => setForm({ [key]: v })}
          />
        ))}
        <NumberField
          label={WORKERS_LABEL}
          value={form.workers}
          testId="meta-workers"
          help={RECIPE_HELP.workers}
          validate={(v) => workersError(v)}
          onCommit={(v) => setForm({ workers: v })}
        />
      </div>
    </section>
  );
}

/** The settings explained, in one list (also each field's tooltip). */
function RecipeHelp(props: {
  fields: string[];
  labels: Record<string, string>;
  help: Record<string, string>;
}) {
  const labels: Record<string, string> = {
    ...OPTION_LABELS,
    ...props.labels,
    ...Object.fromEntries(EVAL_FIELDS.map((f) => [f.key, f.label])),
    workers: WORKERS_LABEL,
  };
  const shown = [...new Set(props.fields)].filter((f) => props.help[f]);
  return (
    <details className="recipe-help" data-testid="recipe-help">
      <summary>What do these settings mean?</summary>
      <dl>
        {shown.map((f) => (
          <div key={f}>
            <dt>{labels[f] ?? f}</dt>
            <dd>{props.help[f]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
