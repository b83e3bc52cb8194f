/**
 * The series version, updated at most every `ms` milliseconds (charts redraw at that rate).
 * Each update renders its chart synchronously in a task of its own (renderQueue.ts), so charts
 * whose clocks fire together do not render, commit and settle in one long main-thread task.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useRun } from '../store/runStore';
import { cancelRender, renderSoon } from './renderQueue';

export function useThrottledVersion(ms: number): number {
  const [v, setV] = useState(() => useRun.getState().version);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const render = () => {
      last = performance.now();
      flushSync(() => setV(useRun.getState().version));
    };
    const unsub = useRun.subscribe((s, p) => {
      if (s.version === p.version) return;
      const now = performance.now();
      if (timer) return;
      const wait = Math.max(0, last + ms - now);
      timer = setTimeout(() => {
        timer = null;
        renderSoon(render);
      }, wait);
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
      cancelRender(render);
    };
  }, [ms]);
  return v;
}
