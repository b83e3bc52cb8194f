/** UI state of the fair-comparison tools: seed bands, the metric shown, Tune, presets, info. */
import { create } from 'zustand';
import type { HyperName } from '../../core/optim/catalog';
import type { PresetResult } from '../../core/presets/types';
import type { GridScale } from '../../core/run/grid';
import type { SweepReply } from '../../core/worker/fairProtocol';

export type BandMode = 'std' | 'minmax' | 'off';
export type LossMetric = 'train' | 'heldout' | 'accuracy';

export interface TuneState {
  index: number;
  param: HyperName;
  from: number;
  to: number;
  points: number;
  scale: GridScale;
  /** The grid scale the shown result was run on. */
  resultScale?: GridScale;
  /** What "Use best" last set ("lr = 0.01"), shown until the next sweep. */
  applied: string | null;
  running: boolean;
  progress: number;
  text: string;
  result: SweepReply | null;
  error: string | null;
}

export interface PresetState {
  id: string;
  running: boolean;
  progress: number;
  text: string;
  result: PresetResult | null;
  error: string | null;
}

export interface FairStore {
  band: BandMode;
  metric: LossMetric;
  tune: TuneState | null;
  preset: PresetState | null;
  /** Index of the optimizer entry whose info panel is open. */
  info: number | null;
}

export const useFair = create<FairStore>(() => ({
  band: 'std',
  metric: 'train',
  tune: null,
  preset: null,
  info: null,
}));

export function patchTune(patch: Partial<TuneState>): void {
  useFair.setState((s) => (s.tune ? { tune: { ...s.tune, ...patch } } : {}));
}

export function patchPreset(patch: Partial<PresetState>): void {
  useFair.setState((s) => (s.preset ? { preset: { ...s.preset, ...patch } } : {}));
}
