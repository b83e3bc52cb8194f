/**
 * PPO meta-training of the LHOPT policy (docs/algorithms.md §5.4–5.6). One `iterate()` =
 *   episodesPerIteration episodes rolled out by the episode sources (rollout.ts: this thread,
 *   or K workers, each a contiguous chunk) with the policy and input normaliser as they were at
 *   the start of the iteration; each on environment ⌊i/envReuse⌋ of the recipe's distribution
 *   (its Adam baseline run once), with initial-value noise, actions sampled from the policy;
 *   then the normaliser learns from every episode's raw observations, in episode order;
 *   then `epochs` passes of PPO (ppo.ts) over those episodes, Adam(lr, 0.9, 0.999) on the
 *   policy's weights (hostAdam.ts, exact state).
 * Randomness: policy φ₀ from fork('policy-init'); environment e from fork(`env${e}`); episode
 * i's noise and actions from fork(`episode${i}`); PPO's shuffles from fork(`ppo${iteration}`).
 * Deterministic for a seed whatever the number of workers; `state()` / start.state or
 * restore() resume exactly (state.ts); abort() stops the episode workers mid-iteration (the
 * iteration is dropped: nothing changes before the episodes are back).
 */
import { makeRng } from '../../experiment/rng';
import { lhoptPolicyShape } from '../../learned/lhopt/controller';
import { emptyNorm, type NormStats, normUpdate } from '../../learned/lhopt/normalizer';
import { OBS_SIZE } from '../../learned/lhopt/observation';
import { Policy } from '../../learned/lhopt/policy';
import type { TaskEnv } from '../../tasks/registry';
import { HostAdam } from './hostAdam';
import { ppoUpdate } from './ppo';
import type { PpoRecipe } from './recipe';
import { chunks, type EpisodeOut, EpisodeRunner, type EpisodeSource } from './rollout';
import type { PpoState } from './state';

export interface PpoReport {
  iteration: number;
  episodes: number;
  meanReward: number;
  meanSpeedup: number;
  /** This iteration's episodes' speedups (for a histogram). */
  speedups: number[];
  entropy: number;
  policyLoss: number;
  valueLoss: number;
  /** Episodes per second of wall time in this iteration. */
  episodesPerSec: number;
  seconds: number;
}

export interface PpoStart {
  policy: Policy;
  /** A new policy: start the normaliser empty instead of from the weights. */
  fresh?: boolean;
  iteration?: number;
  episodes?: number;
  /** The exact state saved with the weights (overrides the counters and the normaliser). */
  state?: PpoState;
}

export class PpoTrainer {
  readonly policy: Policy;
  norm: NormStats;
  iteration = 0;
  episodes = 0;
  private optimizer: HostAdam;
  private sources: EpisodeSource[];
  private readonly local: EpisodeRunner;
  history: PpoReport[] = [];

  constructor(
    readonly recipe: PpoRecipe,
    taskEnv: TaskEnv,
    start?: PpoStart,
  ) {
    this.policy =
      start?.policy ?? Policy.init(lhoptPolicyShape(recipe.hidden), makeRng(recipe.seed).fork('policy-init'));
    this.norm = start && !start.fresh ? start.policy.readNorm() : emptyNorm(OBS_SIZE);
    this.iteration = start?.iteration ?? 0;
    this.episodes = start?.episodes ?? 0;
    const st = start?.state;
    if (st) {
      if (st.seed !== recipe.seed)
        throw new Error(`seed: the saved state has ${st.seed}; got ${recipe.seed}`);
      this.iteration = st.iteration;
      this.episodes = st.episodes;
      this.norm = st.norm;
    }
    this.optimizer = new HostAdam(this.policy.trainable(), recipe.lr, st?.adam);
    this.local = new EpisodeRunner(recipe, taskEnv, this.policy);
    this.sources = [this.local];
  }

  /** Roll episodes out on these sources from now on (empty: back to this thread); owns them. */
  setSources(sources: EpisodeSource[]): void {
    this.sources = sources.length ? sources : [this.local];
  }

  /** Terminate the episode workers now (an iterate() in flight rejects with StopRequested). */
  abort(): void {
    for (const s of this.sources) s.abort?.();
  }

  /**
   * Continue exactly from `st` (state()'s) in this fresh trainer whose policy weights were
   * restored already (the Adam's float32 copy of φ is read from them).
   */
  restore(st: PpoState): void {
    if (this.iteration !== 0 || this.episodes !== 0)
      throw new Error('checkpoint: restore into a fresh trainer only');
    if (st.seed !== this.recipe.seed)
      throw new Error(`seed: the checkpoint has ${st.seed}; got ${this.recipe.seed}`);
    const copy = (a: Float64Array[]) => a.map((x) => Float64Array.from(x));
    this.optimizer = new HostAdam(this.policy.trainable(), this.recipe.lr, {
      t: st.adam.t,
      m: copy(st.adam.m),
      v: copy(st.adam.v),
    });
    this.iteration = st.iteration;
    this.episodes = st.episodes;
    this.norm = { mean: [...st.norm.mean], sq: [...st.norm.sq], count: st.norm.count };
  }

  /** Dispose the episode sources other than this thread's (workers end). */
  async disposeSources(): Promise<void> {
    const others = this.sources.filter((s) => s !== this.local);
    this.sources = [this.local];
    await Promise.all(others.map((s) => s.dispose()));
  }

  get workers(): number {
    return this.sources.length;
  }

  async iterate(): Promise<PpoReport> {
    const t0 = Date.now();
    const E = this.recipe.episodesPerIteration;
    const parts = chunks(this.episodes, E, this.sources.length);
    const phi = this.sources.every((s) => s === this.local)
      ? null
      : this.policy.trainable().map((v) => v.dataSync().slice() as Float32Array);
    const outs = await Promise.all(
      this.sources.map((src, w) =>
        parts[w].length
          ? src === this.local
            ? src.run(null, this.norm, parts[w])
            : src.run(phi, this.norm, parts[w])
          : Promise.resolve([] as EpisodeOut[]),
      ),
    );
    const results = outs.flat();
    this.episodes += E;
    for (const r of results) for (const x of r.raw) this.norm = normUpdate(this.norm, x);
    const stats = ppoUpdate(
      this.policy,
      this.optimizer,
      results.map((r) => r.traj),
      this.recipe,
      makeRng(this.recipe.seed).fork(`ppo${this.iteration}`),
    );
    this.iteration++;
    const seconds = (Date.now() - t0) / 1000;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
    const report: PpoReport = {
      iteration: this.iteration,
      episodes: this.episodes,
      meanReward: mean(results.map((r) => r.reward)),
      meanSpeedup: mean(results.map((r) => r.speedup)),
      speedups: results.map((r) => r.speedup),
      entropy: stats.entropy,
      policyLoss: stats.policyLoss,
      valueLoss: stats.valueLoss,
      episodesPerSec: results.length / Math.max(seconds, 1e-9),
      seconds,
    };
    this.history.push(report);
    return report;
  }

  /** Copy the normaliser statistics into the policy's weights (before saving them). */
  syncNorm(): void {
    this.policy.writeNorm(this.norm);
  }

  /** Counters to resume from (envCount: environments drawn so far). */
  progress(): { iteration: number; episodes: number; envCount: number } {
    const envCount = Math.ceil(this.episodes / this.recipe.envReuse);
    return { iteration: this.iteration, episodes: this.episodes, envCount };
  }

  /** The exact state (copies). */
  state(): PpoState {
    const a = this.optimizer.state;
    return {
      iteration: this.iteration,
      episodes: this.episodes,
      seed: this.recipe.seed,
      norm: { mean: [...this.norm.mean], sq: [...this.norm.sq], count: this.norm.count },
      adam: { t: a.t, m: a.m.map((x) => x.slice()), v: a.v.map((x) => x.slice()) },
    };
  }

  /** Disposes this thread's runner (its environment) and ends the other sources; not the policy. */
  dispose(): void {
    void this.disposeSources().catch(() => undefined);
    this.local.dispose();
  }
}
