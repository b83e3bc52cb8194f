/** Messages of the share bar, shown under the header: import problems, the link fallback. */
import { create } from 'zustand';

export interface ShareState {
  /** A rejected import: the file and one message per bad field. Bumped `attempt` remounts it. */
  importError: { file: string; errors: string[]; attempt: number } | null;
  /** Shown when the clipboard could not be written: the link, to copy by hand. */
  linkFallback: string | null;
}

export const useShare = create<ShareState>(() => ({ importError: null, linkFallback: null }));
