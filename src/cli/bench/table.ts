/** The bench's text table: one row per (rule, size), one column per backend/mode. */
import type { BenchOptions } from './options';

export interface Row {
  rule: string;
  size: number;
  backend: string;
  mode: string;
  msPerStep: number;
  gbPerS?: number;
}

const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

export function formatTable(rows: Row[], opts: BenchOptions): string {
  const cols: { key: string; label: string }[] = [];
  for (const b of opts.backends) {
    if (b === 'webgpu') cols.push({ key: 'webgpu/fused', label: 'gpu fused' });
    cols.push({ key: `${b}/plain`, label: `${b === 'webgpu' ? 'gpu' : b} plain` });
    cols.push({ key: `${b}/tf.train`, label: `${b === 'webgpu' ? 'gpu' : b} tf.train` });
  }
  const hasGpu = opts.backends.includes('webgpu');
  const head = [
    'rule',
    'n',
    ...cols.map((c) => c.label),
    ...(hasGpu ? ['plain/fused', 'tf.train/fused', 'fused GB/s'] : []),
  ];
  const body: string[][] = [];
  for (const rule of opts.rules) {
    for (const size of opts.sizes) {
      const get = (key: string) =>
        rows.find((r) => r.rule === rule && r.size === size && `${r.backend}/${r.mode}` === key);
      const line = [rule, size.toExponential(0), ...cols.map((c) => fmt(get(c.key)?.msPerStep))];
      if (hasGpu) {
        const f = get('webgpu/fused');
        const p = get('webgpu/plain');
        const t = get('webgpu/tf.train');
        line.push(
          f && p ? `${(p.msPerStep / f.msPerStep).toFixed(2)}×` : 'n/a',
          f && t ? `${(t.msPerStep / f.msPerStep).toFixed(2)}×` : 'n/a',
          f?.gbPerS !== undefined ? f.gbPerS.toFixed(2) : 'n/a',
        );
      }
      body.push(line);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const render = (r: string[]) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    'ms per step (lower is better)',
    render(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(render),
  ].join('\n');
}
