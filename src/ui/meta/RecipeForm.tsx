/**
 * The Meta-train tab's settings: which learned optimizer, its training task and that task's
 * options, the recipe's own fields and tricks, and the evaluation settings. The fields are
 * generated from the core's schemas (recipeSchema, TASK_OPTIONS) with the same SchemaFields as
 * the Compare tab; task presets come from the core (defaultRecipe, defaultTaskOptions).
 */
import {
  defaultRecipe,
  LEARNED,
  LEARNED_KINDS,
  type LearnedId,
  META_TASKS,
  type Recipe,
  recipeSchema,
} from '../../core/learned/catalog';
import { evalSettingsErrors } from '../../core/meta/startOptions';
import { defaultTaskOptions, TASK_OPTIONS, TASKS, type TaskId } from '../../core/tasks/catalog';
import { NumberField } from '../controls/NumberField';
import { SchemaFields } from '../controls/SchemaFields';
import { OPTION_LABELS } from '../lib/zodFields';
import { type MetaForm, useMeta } from './metaStore';

const RECIPE_LABELS: Record<string, string> = {
  iterations: 'meta-iterations',
  steps: 'steps per run',
  unroll: 'unroll',
  metaLr: 'meta-lr (Adam on φ)',
  objective: 'meta-loss',
  seed: 'seed',
  path: 'meta-gradient path',
  randomScaling: 'random scaling r (0 = off)',
  convexCombination: 'convex-combination trick',
};

/** Recipe keys edited by their own controls above (kind, task) or below (tricks). */
const RECIPE_OMIT = ['kind', 'task', 'tricks'] as const;

/** A training task's preset: the kind's default recipe task if it is that task, else the task's defaults. */
export function taskPreset(kind: LearnedId, id: TaskId): Recipe['task'] {
  const d = defaultRecipe(kind).task;
  return d.id === id ? d : { id: id as Recipe['task']['id'], options: defaultTaskOptions(id) };
}

const EVAL_FIELDS: { key: keyof Omit<MetaForm, 'recipe'>; label: string }[] = [
  { key: 'evalEvery', label: 'evaluate every N iterations' },
  { key: 'evalRuns', label: 'evaluation runs' },
  { key: 'adamLr', label: 'Adam lr (baseline)' },
];

export function RecipeForm() {
  const { form, setForm, setRecipe, setKind } = useMeta();
  const r = form.recipe;
  const taskId = r.task.id as TaskId;
  const taskValues = { ...defaultTaskOptions(taskId), ...r.task.options };
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
          onChange={(e) => setRecipe({ task: taskPreset(r.kind, e.target.value as TaskId) })}
        >
          {META_TASKS.map((id) => (
            <option key={id} value={id}>
              {TASKS[id].label}
            </option>
          ))}
        </select>
      </label>
      <div className="form-grid">
        <SchemaFields
          schema={TASK_OPTIONS[taskId]}
          values={taskValues}
          onChange={(name, v) => setRecipe({ task: { ...r.task, options: { ...taskValues, [name]: v } } })}
          labels={OPTION_LABELS}
          path="recipe.task.options"
          testIdPrefix="meta-task"
        />
        <SchemaFields
          schema={recipeSchema}
          values={r}
          omit={RECIPE_OMIT}
          onChange={(name, v) => setRecipe({ [name]: v } as Partial<Recipe>)}
          labels={RECIPE_LABELS}
          path="recipe"
          testIdPrefix="meta"
        />
        <SchemaFields
          schema={recipeSchema.shape.tricks}
          values={r.tricks}
          onChange={(name, v) => setRecipe({ tricks: { ...r.tricks, [name]: v } })}
          labels={RECIPE_LABELS}
          path="recipe.tricks"
          testIdPrefix="meta"
        />
        {EVAL_FIELDS.map(({ key, label }) => (
          <NumberField
            key={key}
            label={label}
            value={form[key]}
            testId={`meta-${key}`}
            validate={(v) =>
              evalSettingsErrors({ ...form, [key]: v }).find((e) => e.startsWith(label)) ?? null
            }
            onCommit={(v) => setForm({ [key]: v })}
          />
        ))}
      </div>
    </section>
  );
}
