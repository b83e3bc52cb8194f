/**
 * Task metadata: ids, labels, and each task's options as a zod schema with defaults.
 * Pure data (no tfjs), shared by the UI, the URL codec and the CLI. Implementations live
 * beside this file and are looked up by id in ./registry.ts.
 */
import { z } from 'zod';
import { describeIssues, type Parsed } from '../experiment/errors';

const int = (min: number, max: number, def: number) =>
  z
    .number({ error: `must be an integer in [${min}, ${max}]` })
    .int({ error: `must be an integer in [${min}, ${max}]` })
    .min(min, { error: `must be ≥ ${min} (allowed [${min}, ${max}])` })
    .max(max, { error: `must be ≤ ${max} (allowed [${min}, ${max}])` })
    .default(def);
const num = (min: number, max: number, def: number) =>
  z
    .number({ error: `must be a number in [${min}, ${max}]` })
    .refine(Number.isFinite, { error: `must be finite, in [${min}, ${max}]` })
    .refine((x) => x >= min && x <= max, { error: `out of range; allowed [${min}, ${max}]` })
    .default(def);

export const ACTIVATIONS = ['sigmoid', 'relu', 'elu', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
const activation = (def: Activation) =>
  z.enum(ACTIVATIONS, { error: `must be one of ${ACTIVATIONS.join(', ')}` }).default(def);

/** Options shared by the 2-D landscapes: start point and optional gradient noise σ. */
const landscapeOptions = (x0: number, y0: number) =>
  z.strictObject({ x0: num(-100, 100, x0), y0: num(-100, 100, y0), noise: num(0, 100, 0) });

export const TASK_OPTIONS = {
  rosenbrock: landscapeOptions(-1.5, 2),
  beale: landscapeOptions(1, 1.5),
  himmelblau: landscapeOptions(-0.5, -0.5),
  'ill-quadratic': z.strictObject({
    x0: num(-100, 100, 2),
    y0: num(-100, 100, 1),
    noise: num(0, 100, 0),
    kappa: num(1, 1e4, 50),
  }),
  saddle: landscapeOptions(-1.5, 1e-3),
  quadratic: z.strictObject({
    dim: int(2, 100_000, 100),
    condition: num(1, 1e6, 100),
    noise: num(0, 100, 0),
  }),
  'dm-quadratic': z.strictObject({ problems: int(1, 1024, 128) }),
  spirals: z.strictObject({
    pointsPerClass: int(20, 5000, 200),
    noise: num(0, 2, 0.2),
    // 32 ReLU units × 2 layers: Adam (lr 0.01) reaches held-out accuracy ≈ 0.98 in 200 steps
    // (5 seeds); the earlier 16 tanh units stayed at ≈ 0.68 (README "Tasks").
    width: int(2, 256, 32),
    depth: int(1, 6, 2),
    activation: activation('relu'),
    batchSize: int(1, 4096, 64),
  }),
  'mnist-mlp': z.strictObject({
    width: int(1, 1024, 20),
    depth: int(1, 6, 1),
    activation: activation('sigmoid'),
    batchSize: int(1, 4096, 128),
    initStd: num(1e-4, 1, 0.1),
  }),
  'sin-lstm': z.strictObject({
    layers: int(1, 2, 1),
    hidden: int(1, 128, 20),
    noise: num(0, 10, 0.1),
    batchSize: int(1, 4096, 128),
    initStd: num(1e-4, 1, 0.1),
  }),
  csv: z.strictObject({
    // The uploaded file is never in the link: its content hash (csvHash.ts), name and shape are.
    hash: z
      .string({ error: 'must be 16 hex digits (the file’s content hash)' })
      .regex(/^([0-9a-f]{16})?$/, { error: 'must be 16 hex digits (the file’s content hash)' })
      .default(''),
    file: z.string({ error: 'must be a file name' }).max(80, { error: 'at most 80 characters' }).default(''),
    rows: int(0, 1_000_000, 0),
    features: int(0, 1000, 0),
    /** 0: regression. */
    classes: int(0, 50, 0),
    /** 1-based label column; 0: the last. */
    label: int(0, 1001, 0),
    target: z
      .enum(['auto', 'classification', 'regression'], {
        error: 'must be one of auto, classification, regression',
      })
      .default('auto'),
    width: int(1, 256, 16),
    depth: int(1, 4, 1),
    activation: activation('tanh'),
    batchSize: int(1, 4096, 32),
    heldOut: num(0.05, 0.5, 0.2),
  }),
} as const;

export type TaskId = keyof typeof TASK_OPTIONS;
export const TASK_IDS = Object.keys(TASK_OPTIONS) as TaskId[];
export type TaskOptions<T extends TaskId = TaskId> = z.output<(typeof TASK_OPTIONS)[T]>;

export interface TaskInfo {
  id: TaskId;
  label: string;
  description: string;
  /** 2-D landscapes: drawn as a contour map with trajectories. */
  twoD: boolean;
}

export const TASKS: Record<TaskId, TaskInfo> = {
  rosenbrock: {
    id: 'rosenbrock',
    label: 'Rosenbrock',
    description: '(1−x)² + 100(y−x²)²: a curved narrow valley, minimum at (1, 1).',
    twoD: true,
  },
  beale: {
    id: 'beale',
    label: 'Beale',
    description: 'Sharp ridges and flat plateaus, minimum at (3, 0.5).',
    twoD: true,
  },
  himmelblau: {
    id: 'himmelblau',
    label: 'Himmelblau',
    description: '(x²+y−11)² + (x+y²−7)²: four equal minima.',
    twoD: true,
  },
  'ill-quadratic': {
    id: 'ill-quadratic',
    label: 'Ill-conditioned quadratic',
    description: '½(x² + κy²): curvature κ times larger along y.',
    twoD: true,
  },
  saddle: { id: 'saddle', label: 'Saddle', description: 'x² − y²: escaping a saddle point.', twoD: true },
  quadratic: {
    id: 'quadratic',
    label: 'Random quadratic',
    description: '½(θ−θ*)ᵀQ(θ−θ*) with eigenvalues log-spaced in [1, κ] and a random rotation.',
    twoD: false,
  },
  'dm-quadratic': {
    id: 'dm-quadratic',
    label: 'DM quadratic (10-dim)',
    description: 'Mean over problems of ‖Wθ − y‖², W, y ~ U[0,1): the DMOptimizer training task.',
    twoD: false,
  },
  spirals: {
    id: 'spirals',
    label: 'Two spirals (MLP)',
    description: 'Classify two interleaved spirals with a small MLP.',
    twoD: false,
  },
  'mnist-mlp': {
    id: 'mnist-mlp',
    label: 'MNIST MLP',
    description:
      '784 → hidden → 10 on real MNIST digits, cross-entropy: the learned-optimizer papers’ base task.',
    twoD: false,
  },
  'sin-lstm': {
    id: 'sin-lstm',
    label: 'Sine-sequence LSTM',
    description:
      'Predict A·sin(10ω+φ) from 10 noisy samples with an LSTM(20) + linear readout, MSE (RNNprop/HyperAdam test task).',
    twoD: false,
  },
  csv: {
    id: 'csv',
    label: 'Your data (CSV)',
    description:
      'Upload a CSV (≤ 5 MB): numeric feature columns and a label column; an MLP classifies (text or whole-number labels) or regresses (numeric target). The file stays in this browser.',
    twoD: false,
  },
};

export function isTaskId(id: string): id is TaskId {
  return Object.hasOwn(TASK_OPTIONS, id);
}

/** Validate a task's options and fill in defaults; errors name `task.<option>` and the range. */
export function parseTaskOptions(id: string, raw: unknown): Parsed<TaskOptions> {
  if (!isTaskId(id))
    return { ok: false, errors: [`task: unknown task '${id}'; valid: ${TASK_IDS.join(', ')}`] };
  const res = TASK_OPTIONS[id].safeParse(raw ?? {});
  if (!res.success) {
    const valid = Object.keys(TASK_OPTIONS[id].shape).join(', ');
    return {
      ok: false,
      errors: describeIssues(res.error, `task.${id}`).map((m) =>
        m.includes('Unrecognized key') ? `${m}; valid for ${id}: ${valid}` : m,
      ),
    };
  }
  return { ok: true, value: res.data as TaskOptions };
}

export function defaultTaskOptions(id: TaskId): TaskOptions {
  return TASK_OPTIONS[id].parse({}) as TaskOptions;
}
