/**
 * Colours for probe charts that cannot be mistaken for a run: neutral inks (foreground and a
 * muted grey, per colour scheme) for the quantities a rule computes, while the quantity that
 * belongs to the run itself (e.g. AdaMod's applied step) is drawn in the run's own colour.
 * Concrete colours (not CSS variables) because SVG attributes and PNG legends need them.
 */
import { useSyncExternalStore } from 'react';

const DARK = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  if (typeof matchMedia === 'undefined') return () => {};
  const mq = matchMedia(DARK);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

const isDark = () => typeof matchMedia !== 'undefined' && matchMedia(DARK).matches;

export interface ProbeInk {
  /** Strong neutral (near the text colour). */
  strong: string;
  /** Muted neutral grey. */
  muted: string;
}

export function probeInk(dark: boolean): ProbeInk {
  return dark ? { strong: '#f2f3f5', muted: '#9aa0ab' } : { strong: '#15161a', muted: '#8a8f99' };
}

/** True while the page is in dark mode (follows the system setting live). */
export function useDarkScheme(): boolean {
  return useSyncExternalStore(subscribe, isDark, () => false);
}

export function useProbeInk(): ProbeInk {
  return probeInk(useDarkScheme());
}
