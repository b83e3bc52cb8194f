/**
 * Which view is showing (Compare or Meta-train). Kept in a store rather than inside the Tabs
 * component so that any action (e.g. "Race it", "Re-train it") can switch views directly.
 */
import { create } from 'zustand';

export const VIEWS = ['compare', 'meta'] as const;
export type View = (typeof VIEWS)[number];

export interface ViewStore {
  tab: View;
  setTab(tab: View): void;
}

export const useView = create<ViewStore>((set) => ({
  tab: 'compare',
  setTab: (tab) => set({ tab }),
}));
