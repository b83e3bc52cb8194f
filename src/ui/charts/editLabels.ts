/**
 * Where the labels of recorded edits go on the loss chart (editMarks.tsx): each label sits
 * beside its line (right of it in the left half of the plot, left of it in the right half) on
 * the first row, from the top, where it does not overlap a label already placed. Edits close
 * together therefore stack instead of writing over each other. Widths are estimated from the
 * text length at the chart's 11 px font (≈ 6.2 px per character, plus padding). Pure.
 */

export interface EditMarkSpec {
  /** Where the line sits in the x range, 0 (left edge) … 1 (right edge). */
  at: number;
  text: string;
}

export interface EditLabelPlace {
  row: number;
  /** Text starts right of the line (else it ends left of it). */
  right: boolean;
}

export const CHAR_PX = 6.2;
const PAD_PX = 10;

/** The pixel interval [from, to] a label covers in a plot `width` px wide. */
export function labelSpan(m: EditMarkSpec, right: boolean, width: number): [number, number] {
  const x = m.at * width;
  const w = m.text.length * CHAR_PX + PAD_PX;
  return right ? [x, x + w] : [x - w, x];
}

/** One place per mark (in the given order, which decides who gets the upper rows). */
export function layoutEditLabels(marks: readonly EditMarkSpec[], width: number): EditLabelPlace[] {
  const rows: [number, number][][] = [];
  return marks.map((m) => {
    const right = m.at < 0.5;
    const span = labelSpan(m, right, width);
    let row = rows.findIndex((taken) => taken.every(([a, b]) => span[1] <= a || span[0] >= b));
    if (row < 0) {
      row = rows.length;
      rows.push([]);
    }
    rows[row].push(span);
    return { row, right };
  });
}
