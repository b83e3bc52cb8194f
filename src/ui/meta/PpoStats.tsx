/**
 * PPO meta-training at a glance (LHOPT, docs/algorithms.md §5.4–5.5): episodes per second,
 * episodes so far, the last iteration's mean reward (log speedup over Adam, clipped to ±3),
 * mean speedup and policy entropy, and a histogram of that iteration's episode speedups.
 * Reads the worker's progress (its `extra` and `samples`); shown only when they are there.
 */
import { fmt } from '../lib/logSlider';
import { useMeta } from './metaStore';

/** Speedup bins (log-spaced edges; the reward's range is e^−3 … 2). */
const EDGES = [0, 0.1, 0.25, 0.5, 0.8, 1.25, 2.01];

export function speedupHistogram(xs: readonly number[]): number[] {
  const counts = new Array(EDGES.length - 1).fill(0);
  for (const x of xs) {
    const k = EDGES.findIndex((e, i) => i > 0 && x < e);
    if (k > 0) counts[k - 1]++;
  }
  return counts;
}

export function PpoStats() {
  const extra = useMeta((s) => s.progress.extra);
  const samples = useMeta((s) => s.progress.samples);
  if (!extra) return null;
  const hist = speedupHistogram(samples ?? []);
  const max = Math.max(1, ...hist);
  const stat = (label: string, value: number | undefined, testId: string) => (
    <div className="ppo-stat">
      <span className="hint">{label}</span>{' '}
      <strong data-testid={testId}>{value === undefined ? '—' : fmt(value)}</strong>
    </div>
  );
  return (
    <section className="panel" aria-label="PPO training" data-testid="ppo-stats">
      <h2>PPO · policy training</h2>
      <div className="ppo-stats" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem 1.2rem' }}>
        {stat('episodes/s', extra.episodesPerSec, 'ppo-eps')}
        {stat('episodes', extra.episodes, 'ppo-episodes')}
        {stat('mean reward (log speedup)', extra.meanReward, 'ppo-reward')}
        {stat('mean speedup vs Adam', extra.meanSpeedup, 'ppo-speedup')}
        {stat('policy entropy', extra.entropy, 'ppo-entropy')}
      </div>
      <h3>Speedups of the last iteration’s episodes</h3>
      <svg viewBox="0 0 300 80" width="100%" height="80" role="img" aria-label="speedup histogram">
        {hist.map((c, i) => (
          <g key={EDGES[i]}>
            <rect
              x={i * 50 + 4}
              y={64 - (50 * c) / max}
              width={42}
              height={(50 * c) / max}
              fill="var(--accent, #1f77b4)"
            />
            <text x={i * 50 + 25} y={76} fontSize="9" textAnchor="middle" fill="currentColor">
              {`${EDGES[i]}–${EDGES[i + 1] > 2 ? 2 : EDGES[i + 1]}`}
            </text>
            {c > 0 && (
              <text
                x={i * 50 + 25}
                y={61 - (50 * c) / max}
                fontSize="9"
                textAnchor="middle"
                fill="currentColor"
              >
                {c}
              </text>
            )}
          </g>
        ))}
      </svg>
    </section>
  );
}
