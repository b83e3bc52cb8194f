/**
 * The view parameters in force (viewParams.ts), read once from the link at startup. A page shown
 * inside a frame without embed=1 (a host that lets any page frame the app) is shown as embedded
 * too: the frame gets the focused view, never the full app with its Import and Meta-train.
 */
import { create } from 'zustand';
import { DEFAULT_VIEW, type Hideable, type ViewParams } from './viewParams';

export const useEmbed = create<ViewParams>(() => DEFAULT_VIEW);

/** True when the page runs inside a frame (or cannot tell: a cross-origin parent). */
export function isFramed(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    return true;
  }
}

export function useHidden(panel: Hideable): boolean {
  return useEmbed((s) => s.hide.includes(panel) || (s.embed && panel === 'meta'));
}
