/**
 * Host-agnostic meta-training session behind the Meta-train panel's worker: runs the recipe's
 * outer trainer (outer.ts, any registered trainer) one iteration at a time (Stop is seen
 * between inner steps in this thread and terminates the trainer's workers at once: the
 * iteration in flight is dropped), streams meta-losses and progress with an ETA, evaluates φ against Adam
 * every N iterations (sessionEval.ts), checkpoints exactly to its store and resumes from it
 * (sessionCheckpoint.ts), and saves / exports / imports weights (sessionWeights.ts).
 */
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../backend/select';
import type { BackendInfo } from '../backend/types';
import type { BackendPref } from '../experiment/schema';
import { artifactsFromModelJson, type LearnedHeader, learnedFromArtifacts } from '../learned/artifacts';
import type { LearnedOptimizer } from '../learned/types';
import { readerOfFiles } from '../learned/verifyWeights';
import type { TaskEnv } from '../tasks/registry';
import {
  type CheckpointStore,
  infoOfCheckpoint,
  type MetaCheckpoint,
  type MetaCheckpointInfo,
} from './checkpointStore';
import { type OuterTrainer, StopRequested } from './outer';
import type { SpawnGradSource } from './parallel/outerParallel';
import type { SpawnEpisodeSource } from './ppo/remoteEpisodes';
import type { MetaEval, MetaEvent, MetaProgress, MetaStartOptions, MetaState, SavedInfo } from './protocol';
import { checkpointIfDue, trainerFromCheckpoint } from './sessionCheckpoint';
import { evaluateAgainstAdam } from './sessionEval';
import { createSessionTrainer, pathOf, workersOf } from './sessionTrainer';
import * as weights from './sessionWeights';
import { parseStartOptions } from './startOptions';
import type { Recipe } from './trainers/catalog';

const NAME = /^[\w.-]{1,64}$/;
type History = { losses: number[]; evals: MetaEval[]; extras: (Record<string, number> | null)[] };
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export class MetaSession {
  private trainer: OuterTrainer<Recipe> | null = null;
  /** Imported weights not being trained. */
  private imported: { opt: LearnedOptimizer; header: LearnedHeader } | null = null;
  private state: MetaState = 'idle';
  private opts: MetaStartOptions | null = null;
  private elapsed = 0;
  private lastExtra: Record<string, number> | null = null;
  private lastSamples: number[] = [];
  private loopToken = 0;
  /** The running loop (awaited before the trainer is replaced or disposed). */
  private loopDone: Promise<void> = Promise.resolve();
  private pending: number[] = [];
  private pendingFrom = 1;
  /** Every meta-loss and evaluation of the run (what a checkpoint saves for the charts). */
  private history: History = { losses: [], evals: [], extras: [] };
  private savedAt = 0;

  constructor(
    private readonly env: TaskEnv,
    private readonly emit: (ev: MetaEvent) => void,
    /** Starts a data-parallel worker (the host's; none: always one worker). */
    private readonly spawn?: SpawnGradSource,
    /** Starts a PPO episode worker (LHOPT; the host's; none: episodes in this thread). */
    private readonly spawnEpisodes?: SpawnEpisodeSource,
    /** Where checkpoints go (IndexedDB in the worker); none: no checkpoints. */
    private readonly store: CheckpointStore | null = null,
  ) {}

  private progress(): MetaProgress {
    const tr = this.trainer;
    const it = tr?.iteration ?? 0;
    const total = tr?.recipe.iterations ?? 0;
    return {
      state: this.state,
      iteration: it,
      iterations: total,
      elapsed: this.elapsed,
      eta: it > 0 ? (this.elapsed / it) * (total - it) : null,
      skipped: tr?.skipped ?? 0,
      workers: workersOf(tr),
      path: pathOf(tr, tf.getBackend()),
      ...(this.lastExtra ? { extra: this.lastExtra, samples: this.lastSamples } : {}),
    };
  }

  private setState(s: MetaState): void {
    this.state = s;
    this.flushLosses();
    this.emit({ type: 'progress', progress: this.progress() });
  }

  private flushLosses(): void {
    if (this.pending.length === 0) return;
    this.emit({ type: 'loss', from: this.pendingFrom, values: this.pending });
    this.pendingFrom += this.pending.length;
    this.pending = [];
  }

  /** Select a backend (drops the current trainer and imported weights: their tensors live there). */
  async setBackend(pref: BackendPref): Promise<BackendInfo> {
    await this.stop();
    await this.loopDone;
    this.trainer?.dispose();
    this.trainer = null;
    this.imported?.opt.dispose();
    this.imported = null;
    const info = await selectBackend(pref);
    this.emit({ type: 'backend', info });
    this.setState('idle');
    return info;
  }

  async start(o: MetaStartOptions): Promise<void> {
    // Refuse bad options before anything changes (the previous run stays as it was).
    const r = parseStartOptions(o);
    if (!r.ok) throw new Error(r.errors.join('; '));
    await this.begin(r.value, () => createSessionTrainer(r.value, this.env, this.spawn, this.spawnEpisodes));
  }

  async checkpointInfo(): Promise<MetaCheckpointInfo | null> {
    return infoOfCheckpoint(await this.store?.load());
  }

  /** Continue the stored checkpoint exactly: trainer, counters and the charts' histories. */
  async resumeCheckpoint(): Promise<void> {
    const ck = await this.store?.load();
    if (!ck) throw new Error('no meta-training checkpoint in this browser');
    await this.begin(
      ck.options,
      () => trainerFromCheckpoint(ck, this.env, this.spawn, this.spawnEpisodes),
      ck,
    );
  }

  /** Replace the trainer with make()'s (fresh, or a checkpoint's, with its histories) and run it. */
  private async begin(
    opts: MetaStartOptions,
    make: () => Promise<OuterTrainer<Recipe>>,
    ck?: MetaCheckpoint,
  ) {
    const token = ++this.loopToken;
    await this.loopDone;
    this.trainer?.dispose();
    this.trainer = null;
    this.opts = opts;
    this.elapsed = ck?.elapsed ?? 0;
    this.lastExtra = null;
    const extras = ck?.extras ?? [];
    this.history = { losses: [...(ck?.losses ?? [])], evals: [...(ck?.evals ?? [])], extras: [...extras] };
    this.savedAt = ck?.state.iteration ?? 0;
    this.pending = [...this.history.losses];
    this.pendingFrom = 1;
    this.setState('loading');
    try {
      this.trainer = await make();
    } catch (e) {
      if (token === this.loopToken) this.fail(e);
      return;
    }
    for (const result of this.history.evals) this.emit({ type: 'eval', result });
    if (extras.some((x) => x)) this.emit({ type: 'extras', from: 1, values: extras });
    if (token !== this.loopToken) return; // stopped while loading: it stays stopped
    this.setState('running');
    this.loopDone = this.guardedLoop(this.loopToken);
  }

  /** At a run boundary past the last checkpoint: write one; a failure is reported, never dropped. */
  private async checkpoint(): Promise<void> {
    const tr = this.trainer;
    if (!this.store || !tr || !this.opts || tr.iteration <= this.savedAt) return;
    const r = await checkpointIfDue(this.store, tr, this.opts, this.history, this.elapsed);
    if (!r) return;
    this.savedAt = r.savedAt;
    this.emit(r.event);
  }

  /** The loop, never rejecting: a failure becomes the 'error' state (start/stop keep working). */
  private guardedLoop(token: number): Promise<void> {
    return this.loop(token).catch((e: unknown) => {
      if (token === this.loopToken) this.fail(e);
    });
  }

  private fail(e: unknown): void {
    this.state = 'error';
    this.emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    this.emit({ type: 'progress', progress: this.progress() });
  }

  private async loop(token: number): Promise<void> {
    let lastEmit = 0;
    while (token === this.loopToken && this.state === 'running' && this.trainer && !this.trainer.done) {
      const t0 = performance.now();
      try {
        // Stop is checked before every inner step (BPTT), not only between iterations.
        const rep = await this.trainer.iterate({ stop: () => token !== this.loopToken });
        this.pending.push(rep.skipped ? Number.NaN : rep.metaLoss);
        this.history.losses.push(rep.skipped ? Number.NaN : rep.metaLoss);
        this.history.extras.push(rep.extra ?? null);
        if (rep.extra) {
          this.lastExtra = rep.extra;
          this.lastSamples = Array.from(rep.losses);
        }
      } catch (e) {
        if (token === this.loopToken && !(e instanceof StopRequested)) this.fail(e);
        return;
      }
      this.elapsed += (performance.now() - t0) / 1000;
      const o = this.opts!;
      const it = this.trainer.iteration;
      if (performance.now() - lastEmit > 250 || this.trainer.done) {
        lastEmit = performance.now();
        this.flushLosses();
        this.emit({ type: 'progress', progress: this.progress() });
      }
      try {
        if (o.evalEvery > 0 && (it % o.evalEvery === 0 || this.trainer.done)) await this.evaluate(token);
        if (token === this.loopToken) await this.checkpoint();
      } catch (e) {
        if (token === this.loopToken) this.fail(e);
        return;
      }
      await tick(); // let pause / stop messages in
    }
    if (token === this.loopToken && this.trainer?.done && this.state === 'running') this.setState('done');
  }

  private async evaluate(token: number): Promise<void> {
    const tr = this.trainer;
    const o = this.opts;
    if (!tr || !o) return;
    const result = await evaluateAgainstAdam(tr, o, this.env, () => token !== this.loopToken);
    if (token !== this.loopToken) return; // stopped mid-evaluation: not recorded
    this.history.evals.push(result);
    this.emit({ type: 'eval', result });
  }

  async pause(): Promise<void> {
    if (this.state === 'running') this.setState('paused');
  }

  async resume(): Promise<void> {
    if (this.state !== 'paused' || !this.trainer) return;
    await this.loopDone;
    this.setState('running');
    this.loopDone = this.guardedLoop(this.loopToken);
  }

  async stop(): Promise<void> {
    if (this.state === 'running' || this.state === 'paused' || this.state === 'loading') {
      this.loopToken++;
      this.trainer?.interrupt?.(); // its workers end now, mid-iteration; φ stays as last completed
      this.setState('stopped');
    }
  }

  private async artifacts(): Promise<io.ModelArtifacts> {
    return weights.artifactsOnOffer(this.trainer, this.imported, this.elapsed);
  }

  async saveLocal(name: string): Promise<SavedInfo> {
    if (!NAME.test(name)) throw new Error('name: 1–64 letters, digits, _ . or -');
    return weights.saveLocalWeights(name, await this.artifacts());
  }

  listLocal = weights.listLocalWeights;
  removeLocal = weights.removeLocalWeights;

  async exportFiles(name: string): Promise<{ json: string; bin: ArrayBuffer }> {
    if (!NAME.test(name)) throw new Error('name: 1–64 letters, digits, _ . or -');
    return weights.exportWeights(name, await this.artifacts());
  }

  async importFiles(json: string, bins: ArrayBuffer | Record<string, ArrayBuffer>): Promise<SavedInfo> {
    const art = await artifactsFromModelJson(json, readerOfFiles(bins), 'imported file'); // sharded sets too
    const loaded = learnedFromArtifacts(art, 'imported file');
    await this.stop();
    await this.loopDone;
    this.trainer?.dispose();
    this.trainer = null;
    this.imported?.opt.dispose();
    this.imported = loaded;
    this.setState('idle');
    return weights.infoOf('imported', loaded.header);
  }
}
