import { describe, expect, it } from 'vitest';
import {
  curvesToCsv,
  exportDocumentJson,
  parseExportDocument,
} from '../../src/core/experiment/exportFormats';
import { defaultSpec } from '../../src/core/experiment/schema';
import type { EvalPoint } from '../../src/core/run/types';
import { heldOutOf } from '../../src/ui/fair/heldOut';
import { GrowBuf } from '../../src/ui/lib/growable';
import { curveColumns, exportInput } from '../../src/ui/share/exportData';
import type { RunSeries } from '../../src/ui/store/series';

const run = (losses: number[]): RunSeries => {
  const b = new GrowBuf();
  b.push(Float32Array.from(losses));
  return { losses: b, trajectory: new GrowBuf(), probes: new Map(), divergedAt: null };
};

// Two runs, two seeds each, measured at steps 1 and 2.
const evals: EvalPoint[] = [
  {
    step: 1,
    loss: [
      [1, 3],
      [2, 2],
    ],
    accuracy: [
      [0.5, 0.7],
      [0.25, 0.75],
    ],
  },
  {
    step: 2,
    loss: [
      [0.5, 0.5],
      [1, 3],
    ],
    accuracy: [
      [0.75, 0.75],
      [0.5, 0.5],
    ],
  },
];

describe('held-out metrics in exports', () => {
  it('mean over seeds at each measured step', () => {
    expect(heldOutOf(evals, 0)).toEqual({ steps: [1, 2], loss: [2, 0.5], accuracy: [0.6, 0.75] });
    expect(heldOutOf([], 0)).toBeUndefined();
  });

  it('CSV: held-out loss and accuracy columns per run, filled at the measured steps', () => {
    const spec = {
      ...defaultSpec(),
      optimizers: [
        { id: 'adam', hyper: { lr: 0.1 } },
        { id: 'sgd', hyper: {} },
      ],
    };
    const csv = curvesToCsv(curveColumns(spec, [run([3, 2, 1]), run([3, 2.5, 2])], evals));
    expect(csv.split('\r\n')).toEqual([
      'step,Adam (lr=0.1),SGD (defaults),Adam (lr=0.1) · held-out loss,Adam (lr=0.1) · held-out accuracy,SGD (defaults) · held-out loss,SGD (defaults) · held-out accuracy',
      '0,3,3,,,,',
      '1,2,2.5,2,0.6,2,0.5',
      '2,1,2,0.5,0.75,2,0.5',
      '',
    ]);
  });

  it('JSON: runs carry heldOut { steps, loss, accuracy } and import reads it back', () => {
    const spec = { ...defaultSpec(), optimizers: [{ id: 'adam', hyper: {} }] };
    const text = exportDocumentJson(exportInput(spec, [run([3, 2, 1])], 'cpu', '0.1.0', undefined, evals));
    const doc = JSON.parse(text);
    expect(doc.runs[0].heldOut).toEqual({ steps: [1, 2], loss: [2, 0.5], accuracy: [0.6, 0.75] });
    const back = parseExportDocument(text);
    expect(back.ok).toBe(true);
    if (back.ok)
      expect(back.doc.runs[0].heldOut).toEqual({ steps: [1, 2], loss: [2, 0.5], accuracy: [0.6, 0.75] });
  });
});
