/**
 * The 'ppo' outer trainer (meta/outer.ts OuterTrainer) around PpoTrainer (trainer.ts): one
 * iterate() = one PPO iteration (episodes + update). Its report: metaLoss = the PPO surrogate
 * loss, losses = the iteration's episode speedups, extra = mean reward, mean speedup, policy
 * entropy, value loss, episodes/s and episodes so far. checkpoint() first copies the input
 * normaliser's statistics into the weights, so a saved file carries them. exactState() /
 * restoreExact() checkpoint it exactly after any iteration (exactState.ts 'ppo'); interrupt()
 * terminates the episode workers (Stop).
 */
import { makeRng } from '../../experiment/rng';
import { createLhopt } from '../../learned/lhopt';
import type { LhoptArchitecture } from '../../learned/lhopt/meta';
import { LHOPT_DEFAULT_ARCHITECTURE } from '../../learned/lhopt/meta';
import { lhoptPolicyShape, policyWeightDefs } from '../../learned/lhopt/policyDefs';
import { MetaParams } from '../../learned/metaParams';
import type { LearnedOptimizer } from '../../learned/types';
import { captureWeights, type ExactTrainerState, type PpoExactState, restoreWeights } from '../exactState';
import type { IterationReport, OuterTrainer, OuterTrainerFactory } from '../outer';
import type { PpoRecipe } from '../trainers/ppoRecipe';
import { type PpoReport, PpoTrainer } from './trainer';

class PpoOuter implements OuterTrainer<PpoRecipe> {
  skipped = 0;
  lastMetaLoss: number | null = null;
  last: PpoReport | null = null;
  constructor(
    readonly recipe: PpoRecipe,
    readonly opt: LearnedOptimizer,
    readonly inner: PpoTrainer,
  ) {}

  get iteration(): number {
    return this.inner.iteration;
  }

  get done(): boolean {
    return this.inner.iteration >= this.recipe.iterations;
  }

  async iterate(): Promise<IterationReport> {
    const r = await this.inner.iterate();
    this.last = r;
    this.lastMetaLoss = r.policyLoss;
    return {
      iteration: r.iteration,
      run: this.inner.progress().envCount,
      unroll: 0,
      metaLoss: r.policyLoss,
      losses: Float32Array.from(r.speedups),
      skipped: false,
      extra: {
        meanReward: r.meanReward,
        meanSpeedup: r.meanSpeedup,
        entropy: r.entropy,
        valueLoss: r.valueLoss,
        episodesPerSec: r.episodesPerSec,
        episodes: r.episodes,
      },
    };
  }

  checkpoint() {
    this.inner.syncNorm();
    const p = this.inner.progress();
    return { iteration: p.iteration, state: { episodes: p.episodes, envCount: p.envCount } };
  }

  async exactState(): Promise<PpoExactState> {
    const state = this.inner.state();
    this.inner.syncNorm(); // the weights' float32 copy of the normaliser, as a saved file has it
    return {
      trainer: 'ppo',
      iteration: state.iteration,
      lastMetaLoss: this.lastMetaLoss,
      architecture: this.opt.architecture,
      weights: await captureWeights(this.opt.weights.list()),
      state,
    };
  }

  restoreExact(s: ExactTrainerState): void {
    if (s.trainer !== 'ppo') throw new Error(`checkpoint: a '${s.trainer}' trainer's state, not PPO's`);
    restoreWeights(this.opt.weights.list(), s.weights);
    this.inner.restore(s.state);
    this.lastMetaLoss = s.lastMetaLoss;
  }

  interrupt(): void {
    this.inner.abort();
  }

  disposeTraining(): void {
    this.inner.dispose();
  }

  dispose(): void {
    this.inner.dispose();
    this.opt.dispose();
  }
}

/** The PPO trainer inside a 'ppo' outer trainer (null for any other). */
export function ppoInnerOf(t: unknown): PpoTrainer | null {
  return t instanceof PpoOuter ? t.inner : null;
}

export const ppoFactory: OuterTrainerFactory<PpoRecipe> = {
  async create(recipe, env, init = {}) {
    const a = (init.architecture as LhoptArchitecture | undefined) ?? {
      ...LHOPT_DEFAULT_ARCHITECTURE,
      hidden: recipe.hidden,
    };
    const opt =
      (init.opt as (LearnedOptimizer & { policy?: unknown }) | undefined) ??
      createLhopt(
        a,
        MetaParams.init(
          policyWeightDefs(lhoptPolicyShape(a.hidden)),
          makeRng(recipe.seed).fork('policy-init'),
        ),
      );
    const policy = (opt as ReturnType<typeof createLhopt>).policy;
    if (!policy) throw new Error(`ppo trainer: trains lhopt only (got '${opt.kind}')`);
    const s = init.from?.state ?? {};
    const inner = new PpoTrainer(recipe, env, {
      policy,
      fresh: !init.opt,
      iteration: init.from?.iteration ?? 0,
      episodes: Number(s.episodes ?? 0),
    });
    return new PpoOuter(recipe, opt, inner);
  },
};
