/**
 * The runner's output protocol: frames of several steps at once, as typed arrays, so the
 * worker can transfer them without copying. Shared by the worker, the CLI and the UI
 * (pure types, no tfjs).
 */

/** The update path of the hand-designed rules: fused WGSL kernels (WebGPU) or plain tfjs ops. */
export interface KernelsInfo {
  path: 'fused' | 'ops';
  /** Time spent compiling the fused pipelines before the first step (0 for ops). */
  warmUpMs: number;
  /**
   * Whether fused kernels can run on this backend at all (kernels/registry.ts fusedAvailable:
   * webgpu, wasm, and cpu only where JS code generation is allowed, i.e. not in the page).
   */
  available?: boolean;
}

/** One frame covers steps [fromStep, fromStep + count) of every run. */
export interface Frame {
  fromStep: number;
  count: number;
  runs: RunFrame[];
  /** Held-out metrics measured at the end of this frame (run/seeds.ts; tasks with held-out data). */
  eval?: EvalPoint;
  /** Decision-boundary maps (2-D classification tasks, live runs; run/seeds.ts boundaryEvery). */
  decision?: DecisionGrid;
}

/** Held-out loss (and accuracy, classification tasks) of every run and seed at one step. */
export interface EvalPoint {
  /** Updates done when measured. */
  step: number;
  /** loss[run][seed]; NaN for a diverged seed. */
  loss: number[][];
  /** accuracy[run][seed], or null when the task is not a classification task. */
  accuracy: number[][] | null;
}

export interface RunFrame {
  /** Index into spec.optimizers. */
  index: number;
  /** losses[k] = loss at step fromStep + k (the loss *before* that step's update; step 0 = initial loss). */
  losses: Float32Array;
  /** For 2-D tasks: interleaved x, y of the parameters at the same steps. */
  trajectory?: Float32Array;
  /** Probe name → values per step; a probe of width w has count·w values, row-major. */
  probes: Record<string, { width: number; values: Float32Array }>;
  /** Set on the frame in which the run first produced NaN/Inf (a step number). */
  divergedAt?: number;
  /**
   * Several seeds (run/seeds.ts): `losses` is then their step-wise mean (NaN once any seed
   * diverged), trajectory and probes are the first seed's, and this holds each seed's losses.
   */
  seedLosses?: Float32Array[];
}

/** Each run's P(class 1) over a grid of the plane, with the training points (run/boundary.ts). */
export interface DecisionGrid {
  /** Updates done when the grid was computed. */
  step: number;
  res: number;
  extent: number;
  /** runs × res × res probabilities (run-major, then row-major); NaN for a diverged run. */
  probs: Float32Array;
  /** Training points (interleaved x, y) and their labels, copies the receiver may keep. */
  points: Float32Array;
  labels: Uint8Array;
}
