/**
 * Chart re-renders run one per task (src/ui/hooks/renderQueue.ts): when several charts' clocks
 * fire together (a run's or instant mode's first data), each renders in a task of its own
 * instead of one long batch, in the order asked; a job asked for twice runs once; an
 * unmounted chart's job is dropped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelRender, queuedRenders, renderSoon } from '../../src/ui/hooks/renderQueue';

describe('chart render queue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.runAllTimers();
    vi.useRealTimers();
  });

  it('runs one job per task, in order, each job once', () => {
    const ran: string[] = [];
    const jobs = ['loss', 'norms', 'adamod', 'legend'].map((name) => () => ran.push(name));
    for (const j of jobs) renderSoon(j);
    renderSoon(jobs[0]); // asked again before it ran: still once
    expect(ran).toEqual([]);
    expect(queuedRenders()).toBe(4);
    for (let task = 1; task <= 4; task++) {
      vi.advanceTimersToNextTimer();
      expect(ran.length).toBe(task);
    }
    expect(ran).toEqual(['loss', 'norms', 'adamod', 'legend']);
    vi.runAllTimers();
    expect(ran.length).toBe(4);
    expect(queuedRenders()).toBe(0);
  });

  it('a job asked for while the queue runs goes last; a cancelled job never runs', () => {
    const ran: string[] = [];
    const a = () => ran.push('a');
    const b = () => {
      ran.push('b');
      renderSoon(a); // a's chart changed again meanwhile
    };
    const c = () => ran.push('c');
    renderSoon(a);
    renderSoon(b);
    renderSoon(c);
    cancelRender(c);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a', 'b']);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a', 'b', 'a']);
    vi.runAllTimers();
    expect(ran).toEqual(['a', 'b', 'a']);
  });
});
