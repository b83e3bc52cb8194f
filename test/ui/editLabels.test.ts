import { describe, expect, it } from 'vitest';
import { type EditMarkSpec, labelSpan, layoutEditLabels } from '../../src/ui/charts/editLabels';

const overlap = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

describe('edit-mark labels on the loss chart', () => {
  it('stacks labels of edits close together and keeps distant ones on the top row', () => {
    const marks: EditMarkSpec[] = [
      { at: 0.3, text: '#1 lr → 0.001' },
      { at: 0.31, text: '#2 lr → 0.05' },
      { at: 0.32, text: '#3 beta1 → 0.8' },
      { at: 0.9, text: '#4 lr → 0.002' },
    ];
    const places = layoutEditLabels(marks, 600);
    expect(places.map((p) => p.row)).toEqual([0, 1, 2, 0]);
    expect(places.map((p) => p.right)).toEqual([true, true, true, false]);
  });

  it('never overlaps two labels on one row (random marks, narrow and wide plots)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const width of [260, 640, 1100]) {
      for (let trial = 0; trial < 50; trial++) {
        const marks = Array.from({ length: 1 + Math.floor(rand() * 12) }, (_, i) => ({
          at: rand(),
          text: `#${i + 1} lr → ${rand().toPrecision(3)}`,
        }));
        const places = layoutEditLabels(marks, width);
        for (let a = 0; a < marks.length; a++)
          for (let b = a + 1; b < marks.length; b++) {
            if (places[a].row !== places[b].row) continue;
            const sa = labelSpan(marks[a], places[a].right, width);
            const sb = labelSpan(marks[b], places[b].right, width);
            expect(overlap(sa, sb), `${width}: ${marks[a].text} / ${marks[b].text}`).toBe(false);
          }
      }
    }
  });
});
