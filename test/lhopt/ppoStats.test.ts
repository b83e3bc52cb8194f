/** The Meta-train tab's PPO histogram bins the episode speedups (e^−3 … 2) as labelled. */
import { describe, expect, it } from 'vitest';
import { speedupHistogram } from '../../src/ui/meta/PpoStats';

describe('speedupHistogram', () => {
  it('counts each speedup in its bin [0, .1) [.1, .25) [.25, .5) [.5, .8) [.8, 1.25) [1.25, 2]', () => {
    expect(speedupHistogram([0.0498, 0.1, 0.3, 0.49, 0.8, 1, 1.3, 2, 2])).toEqual([1, 1, 2, 0, 2, 3]);
    expect(speedupHistogram([])).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
