/**
 * The paper presets, in menu order (pure data; the UI and the CLI read it). Each preset's
 * experiments are playground queries; `presetLink` makes the shareable link that opens the
 * first experiment and the preset panel (`#preset=<id>`).
 */
import { ADAMOD_LARGE_LR, ADAMOD_WARMUP } from './adamod';
import { MOMENTUM_ILL_CONDITIONED, SADDLE_ESCAPE } from './classics';
import { DM_VS_RNNPROP, HYPERADAM_ACTIVATIONS, RNNPROP_LONG_HORIZON, SIN_LSTM_TABLE } from './learned';
import { LHOPT_SPEEDUP } from './lhopt';
import type { Preset } from './types';

export const PRESETS: readonly Preset[] = [
  ADAMOD_LARGE_LR,
  ADAMOD_WARMUP,
  DM_VS_RNNPROP,
  RNNPROP_LONG_HORIZON,
  HYPERADAM_ACTIVATIONS,
  SIN_LSTM_TABLE,
  LHOPT_SPEEDUP,
  MOMENTUM_ILL_CONDITIONED,
  SADDLE_ESCAPE,
];

export const PRESET_IDS = PRESETS.map((p) => p.id);

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** `base` with the preset's first experiment as its query and `#preset=<id>` as its fragment. */
export function presetLink(p: Preset, base: string): string {
  const q = base.indexOf('?');
  const h = base.indexOf('#');
  const cut = Math.min(q < 0 ? base.length : q, h < 0 ? base.length : h);
  return `${base.slice(0, cut)}?${p.experiments[0].query}#preset=${p.id}`;
}

/** The preset a URL fragment names (`#preset=<id>`), if any. */
export function presetIdOfHash(hash: string): string | null {
  const m = /(?:^#|&)preset=([\w-]{1,64})/.exec(hash);
  return m && presetById(m[1]) ? m[1] : null;
}
