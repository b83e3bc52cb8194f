/**
 * The series version, updated at most every `ms` milliseconds (charts redraw at that rate),
 * as a low-priority transition.
 */
import { startTransition, useEffect, useState } from 'react';
import { useRun } from '../store/runStore';

export function useThrottledVersion(ms: number): number {
  const [v, setV] = useState(() => useRun.getState().version);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsub = useRun.subscribe((s, p) => {
      if (s.version === p.version) return;
      const now = performance.now();
      if (timer) return;
      const wait = Math.max(0, last + ms - now);
      timer = setTimeout(() => {
        timer = null;
        last = performance.now();
        // A transition lets React slice the chart render instead of blocking the main thread.
        startTransition(() => setV(useRun.getState().version));
      }, wait);
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [ms]);
  return v;
}
