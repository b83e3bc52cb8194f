/** How the worker client classifies a spec edit of a loaded run (src/ui/worker/liveSync.ts). */
import { describe, expect, it } from 'vitest';
import { defaultSpec, type ExperimentSpec } from '../../src/core/experiment/schema';
import {
  baseHyperChanges,
  contentKey,
  instantApplies,
  instantWhyNot,
  shapeKey,
} from '../../src/ui/worker/liveSync';

const edit = (f: (s: ExperimentSpec) => void): ExperimentSpec => {
  const s: ExperimentSpec = JSON.parse(JSON.stringify(defaultSpec()));
  f(s);
  return s;
};

describe('liveSync', () => {
  const base = defaultSpec();
  it('colours, labels and chart settings do not change the run', () => {
    const s = edit((x) => {
      x.optimizers[0].color = '#123456';
      x.optimizers[0].label = 'mine';
      x.chart.logY = false;
    });
    expect(contentKey(s)).toBe(contentKey(base));
  });

  it('the start point and steps keep the shape (curves kept); the optimizer list does not', () => {
    const start = edit((x) => {
      (x.task.options as { x0: number }).x0 = 0;
      x.steps = 900;
    });
    expect(contentKey(start)).not.toBe(contentKey(base));
    expect(shapeKey(start)).toBe(shapeKey(base));
    expect(baseHyperChanges(start, base)).toBeNull();
    const list = edit((x) => {
      x.optimizers[1].id = 'sgd';
    });
    expect(shapeKey(list)).not.toBe(shapeKey(base));
  });

  it('names the entries whose starting values alone changed; a recorded edit is not one', () => {
    const lr = edit((x) => {
      x.optimizers[1].hyper = { lr: 0.5 };
    });
    expect(baseHyperChanges(lr, base)).toEqual([1]);
    const rec = edit((x) => {
      x.optimizers[0].schedule = [{ step: 10, hyper: { lr: 0.5 } }];
    });
    expect(baseHyperChanges(rec, base)).toBeNull();
  });

  it('instant mode applies to 2-D landscapes and small quadratics within its budget', () => {
    expect(instantApplies(base)).toBe(true);
    const four = edit((x) => {
      x.optimizers = ['adam', 'adamod', 'sgd', 'momentum'].map((id) => ({ id, hyper: {} }));
    });
    expect(instantApplies(four)).toBe(true);
    expect(instantApplies(edit((x) => (x.steps = 5000)))).toBe(false);
    expect(instantWhyNot(edit((x) => (x.steps = 5000)))).toBe(
      'optimizers × steps × seeds is 10000 here; instant mode recomputes at most 8000',
    );
    const mnist = edit((x) => {
      x.task = { id: 'mnist-mlp', options: {} as never };
    });
    expect(instantApplies(mnist)).toBe(false);
    expect(instantWhyNot(mnist)).toMatch(/2-D landscapes and small quadratics/);
  });
});
