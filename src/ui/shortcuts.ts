/**
 * Keyboard shortcuts of the Compare view: Space runs or pauses, S steps once, R resets, ? opens
 * the list. Ignored while typing in a field, with a modifier held, or on the Meta-train tab.
 */
import { useRun } from './store/runStore';
import { useView } from './store/viewStore';

export const SHORTCUTS: { key: string; label: string; does: string }[] = [
  { key: ' ', label: 'Space', does: 'run / pause' },
  { key: 's', label: 'S', does: 'one step' },
  { key: 'r', label: 'R', does: 'reset' },
  { key: '?', label: '?', does: 'show these shortcuts' },
];

export interface ShortcutActions {
  run(): void;
  pause(): void;
  step(): void;
  reset(): void;
  help(): void;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'select' || tag === 'textarea' || el.isContentEditable === true;
}

/** Which action a key press means, or null (exported for tests). */
export function shortcutFor(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null },
  state: string,
): keyof ShortcutActions | null {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return null;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (k === ' ') return state === 'running' ? 'pause' : state === 'done' ? null : 'run';
  if (k === 's') return state === 'running' || state === 'done' ? null : 'step';
  if (k === 'r') return 'reset';
  if (k === '?') return 'help';
  return null;
}

export function installShortcuts(actions: ShortcutActions): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (useView.getState().tab !== 'compare') return;
    // A focused button already handles Space/Enter itself.
    if (e.key === ' ' && (e.target as HTMLElement | null)?.tagName?.toLowerCase() === 'button') return;
    const a = shortcutFor(e, useRun.getState().state);
    if (!a) return;
    e.preventDefault();
    actions[a]();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
