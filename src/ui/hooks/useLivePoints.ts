/**
 * How many points a chart may draw: fewer while a run streams (each redraw must stay short
 * on the main thread), the full budget (≤ 1000) once it stops.
 */
import { useRun } from '../store/runStore';

export function useLivePoints(live: number, full: number): number {
  const running = useRun((s) => s.state === 'running');
  return running ? live : full;
}
