/**
 * Last-resort error reporting: any promise rejection or error nobody handled is shown to the
 * user as a message (components/FaultNotice.tsx) instead of vanishing into the console.
 */
import { create } from 'zustand';

/** At most this many messages are kept (the newest ones). */
export const MAX_FAULTS = 5;

export const useFaults = create<{ lines: string[]; clear(): void }>((set) => ({
  lines: [],
  clear: () => set({ lines: [] }),
}));

export function reportFault(reason: unknown): void {
  const text =
    reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : String(reason);
  const line = text.trim() === '' ? 'an unknown error' : text.slice(0, 500);
  useFaults.setState((s) => ({ lines: [...s.lines.filter((l) => l !== line), line].slice(-MAX_FAULTS) }));
}

/** Install the window handlers (once, at start-up). */
export function installFaultHandlers(target: Pick<Window, 'addEventListener'> = window): void {
  target.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
    e.preventDefault();
    reportFault(e.reason);
  });
  target.addEventListener('error', (e: ErrorEvent) => {
    reportFault(e.error ?? e.message);
  });
}
