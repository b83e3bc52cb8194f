/**
 * CartesianGrid line positions straight from an axis's given ticks (plus the plot's edges, as
 * recharts draws them). recharts' default generators pass the ticks through getTicks with the
 * axis's interval; on a chart's first render, before XAxis/YAxis have registered, that is the
 * implicit category axis (one tick per data row, interval 'preserveEnd'), and getTicks measures
 * every row's label in the DOM (getBoundingClientRect): the bulk of a 68–112 ms main-thread task
 * when the probe charts first mount during an instant-mode drag. Here: no text is measured.
 */
interface GridAxis {
  ticks?: ReadonlyArray<unknown>;
  scale?: { map(value: unknown): unknown };
}
interface Offset {
  left?: number;
  top?: number;
  width?: number;
  height?: number;
}

function lines(axis: GridAxis | undefined, from: number | undefined, size: number | undefined): number[] {
  const out: number[] = [];
  if (axis?.ticks && axis.scale) {
    for (const t of axis.ticks) {
      const c = axis.scale.map(t);
      if (typeof c === 'number' && Number.isFinite(c)) out.push(c);
    }
  }
  if (from === undefined || size === undefined) return out;
  for (const edge of [from, from + size]) if (!out.includes(edge)) out.push(edge);
  return out;
}

/** verticalCoordinatesGenerator: x of each given x tick, and the plot's left and right edges. */
export const gridX = ({ xAxis, offset }: { xAxis?: GridAxis; offset: Offset }): number[] =>
  lines(xAxis, offset.left, offset.width);

/** horizontalCoordinatesGenerator: y of each given y tick, and the plot's top and bottom edges. */
export const gridY = ({ yAxis, offset }: { yAxis?: GridAxis; offset: Offset }): number[] =>
  lines(yAxis, offset.top, offset.height);
