/**
 * The learned-optimizer weights saved in this browser, for the weights pickers and the
 * Meta-train tab's list. Read from IndexedDB directly (lib/localWeights.ts): listing never
 * starts the meta-training worker.
 */
import { create } from 'zustand';
import { type LocalWeights, listLocalWeights } from '../lib/localWeights';

export interface SavedWeightsStore {
  saved: LocalWeights[];
}

export const useSavedWeights = create<SavedWeightsStore>(() => ({ saved: [] }));

/** Re-read the list (after a save, import or delete, and when a picker mounts). */
export async function refreshSaved(): Promise<void> {
  useSavedWeights.setState({ saved: await listLocalWeights() });
}
