/** Default run colours (Tableau 10, readable on light and dark backgrounds). */
export const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export function colorOf(entry: { color?: string }, index: number): string {
  return entry.color ?? PALETTE[index % PALETTE.length];
}

/** The first palette colour not already used by the given entries. */
export function nextColor(used: (string | undefined)[]): string {
  return PALETTE.find((c) => !used.includes(c)) ?? PALETTE[used.length % PALETTE.length];
}
