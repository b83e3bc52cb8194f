/**
 * Outer trainers: what meta-trains a learned optimizer's meta-parameters φ. Truncated BPTT
 * (trainer.ts) is one; a trainer is one folder/file with its recipe (pure: TrainerRecipeMeta)
 * and its implementation (OuterTrainerFactory), registered with ONE line in
 * trainers/catalog.ts. meta/session.ts and the CLI only see this interface.
 * See docs/architecture.md ("Adding an outer trainer").
 *
 * Life cycle: factory.create(recipe, env, init) → iterate() repeatedly (one meta-iteration
 * each; hosts pause, resume and stop between calls) → checkpoint() whenever the weights are
 * saved (restored by passing it back as init.from) → disposeTraining() (keeps `opt`) or
 * dispose().
 */
import type { z } from 'zod';
import type { Architecture } from '../learned/descriptor';
import type { LearnedOptimizer } from '../learned/types';
import type { TaskEnv } from '../tasks/registry';
import type { ExactTrainerState } from './exactState';
import type { RecipeBase } from './recipeBase';

/** The progress event of one meta-iteration. */
export interface IterationReport {
  /** 1-based count of meta-iterations done. */
  iteration: number;
  /** Optimizee run the iteration belonged to. */
  run: number;
  /** Index of the iteration within its run (BPTT: the unroll). */
  unroll: number;
  /** The outer objective (meta-loss; for policy-gradient trainers the surrogate loss). */
  metaLoss: number;
  /** The optimizee losses seen during the iteration. */
  losses: Float32Array;
  /** The update was skipped (non-finite loss or gradient). */
  skipped: boolean;
  /** Gradient trainers: the meta-gradient's global L2 norm before clipping (clipNorm.ts). */
  gradNorm?: number;
  /** Trainer-specific scalars for charts and logs (e.g. mean return). */
  extra?: Record<string, number>;
}

export interface IterateOptions {
  /** Asked before each inner step; true abandons the iteration (StopRequested). */
  stop?: () => boolean;
}

/** An iteration abandoned at a Stop (IterateOptions.stop), after `innerSteps` inner steps. */
export class StopRequested extends Error {
  constructor(readonly innerSteps: number) {
    super(`meta-iteration stopped after ${innerSteps} inner steps`);
    this.name = 'StopRequested';
  }
}

/** What a trainer needs to continue where a saved file left off (JSON; saved in the header). */
export interface TrainerCheckpoint {
  /** Meta-iterations done. */
  iteration: number;
  /** Trainer-specific counters (plain JSON). */
  state?: Record<string, number | string | boolean>;
}

export interface OuterTrainer<R extends RecipeBase = RecipeBase> {
  readonly recipe: R;
  /** The learned optimizer being trained (the trainer owns it until disposeTraining()). */
  readonly opt: LearnedOptimizer;
  /** Meta-iterations done (counting from a restored checkpoint). */
  readonly iteration: number;
  readonly skipped: number;
  readonly lastMetaLoss: number | null;
  /** iteration ≥ recipe.iterations. */
  readonly done: boolean;
  /**
   * One meta-iteration. `opts.stop` is asked before every inner step (trainers that support
   * it: BPTT); when it answers true the iteration is abandoned with StopRequested, nothing
   * changed (φ, the meta-optimizer, the run and its minibatch stream are as before the call).
   */
  iterate(opts?: IterateOptions): Promise<IterationReport>;
  checkpoint(): TrainerCheckpoint;
  /** The exact state for a checkpoint (exactState.ts), or null where it cannot be taken now. */
  exactState?(): Promise<ExactTrainerState | null>;
  /** Continue exactly from exactState()'s result (into a fresh trainer of the same recipe). */
  restoreExact?(s: ExactTrainerState): void;
  /**
   * Stop at once (trainers whose work runs in workers: they are terminated): the iteration in
   * flight rejects with StopRequested, nothing changed; the trainer cannot iterate again.
   */
  interrupt?(): void;
  /** Free everything except `opt` (the caller may keep using it). */
  disposeTraining(): void;
  /** Free everything, `opt` included. */
  dispose(): void;
}

export interface TrainerInit {
  /** Continue from these weights (the trainer then owns them); else seeded φ₀ from recipe.seed. */
  opt?: LearnedOptimizer;
  /** Architecture for φ₀ (default: the kind's default architecture). */
  architecture?: Architecture;
  /** Restore counters (resume). */
  from?: TrainerCheckpoint;
}

export interface OuterTrainerFactory<R extends RecipeBase = RecipeBase> {
  create(recipe: R, env: TaskEnv, init?: TrainerInit): Promise<OuterTrainer<R>>;
}

/** An outer trainer's recipe, pure half (plus a lazy loader of its implementation). */
export interface TrainerRecipeMeta<R extends RecipeBase = RecipeBase> {
  id: string;
  label: string;
  description: string;
  /** The full strict schema (recipeBase.ts recipeBaseShape(id) plus the trainer's fields). */
  schema(): z.ZodType<R>;
  /** Defaults of every field but `kind` (a kind's defaultRecipes[id] is merged over them). */
  defaults: Omit<R, 'kind' | 'trainer'>;
  /** Object-valued fields merged one level deep with the defaults (besides `task`). */
  nested: readonly string[];
  /** Cross-field checks after the schema (messages name `recipe.<field>`). */
  check?(r: R): string[];
  /** The implementation (tfjs), imported only when a trainer is created. */
  load(): Promise<OuterTrainerFactory<R>>;
}
