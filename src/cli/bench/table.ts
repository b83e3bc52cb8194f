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
    if (b !== 'webgpu') cols.push({ key: `${b}/loop`, label: `${b} loop` });
    cols.push({ key: `${b}/fused`, label: `${b === 'webgpu' ? 'gpu' : b} fused` });
    cols.push({ key: `${b}/plain`, label: `${b === 'webgpu' ? 'gpu' : b} plain` });
    cols.push({ key: `${b}/tf.train`, label: `${b === 'webgpu' ? 'gpu' : b} tf.train` });
  }
  const hasGpu = opts.backends.includes('webgpu');
  const hasWasm = opts.backends.includes('wasm');
  const ratio = (a?: Row, b?: Row) => (a && b ? `${(a.msPerStep / b.msPerStep).toFixed(2)}×` : 'n/a');
  const head = [
    'rule',
    'n',
    ...cols.map((c) => c.label),
    ...(hasGpu ? ['plain/fused', 'tf.train/fused', 'fused GB/s'] : []),
    ...(hasWasm ? ['wasm fused/loop', 'wasm plain/fused'] : []),
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
      if (hasWasm)
        line.push(ratio(get('wasm/fused'), get('wasm/loop')), ratio(get('wasm/plain'), get('wasm/fused')));
      body.push(line);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const render = (r: string[]) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    'ms per step (lower is better; loop: plain Float32Array loop, no tfjs, the floor)',
    render(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(render),
  ].join('\n');
}

interface LearnedRow {
  rule: string;
  size: number;
  backend: string;
  mode: string;
  msPerStep: number;
}

/** Learned optimizers vs Adam: ms per step per backend/mode, and each learned/Adam ratio. */
export function formatLearnedTable(rows: LearnedRow[], backends: string[]): string {
  const keys: string[] = [];
  for (const b of backends) {
    for (const mode of ['plain', 'fused']) {
      if (rows.some((r) => r.backend === b && r.mode === mode)) keys.push(`${b}/${mode}`);
    }
  }
  const label = (k: string) => k.replace('webgpu/', 'gpu ').replace('/', ' ');
  const head = ['rule', 'n', ...keys.map(label), ...keys.map((k) => `${label(k)} ÷adam`)];
  const rules = [...new Set(rows.map((r) => r.rule))];
  const sizes = [...new Set(rows.map((r) => r.size))];
  const body: string[][] = [];
  for (const rule of rules) {
    for (const size of sizes) {
      const get = (r: string, k: string) =>
        rows.find((x) => x.rule === r && x.size === size && `${x.backend}/${x.mode}` === k);
      const line = [rule, size.toExponential(0), ...keys.map((k) => fmt(get(rule, k)?.msPerStep))];
      for (const k of keys) {
        const a = get('adam', k);
        const l = get(rule, k);
        line.push(rule !== 'adam' && a && l ? `${(l.msPerStep / a.msPerStep).toFixed(2)}×` : '');
      }
      body.push(line);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const render = (r: string[]) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    'learned optimizers vs Adam, ms per step (÷adam: same backend and mode)',
    render(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(render),
  ].join('\n');
}

interface MetaRow {
  kind: string;
  backend: string;
  task: string;
  unroll: number;
  iterations: number;
  msPerIteration: number;
  itersPerMinute: number;
}

export function formatMetaTable(rows: MetaRow[]): string {
  const head = ['kind', 'backend', 'task', 'unroll', 'iters timed', 'ms/iter', 'iters/min'];
  const body = rows.map((r) => [
    r.kind,
    r.backend,
    r.task,
    String(r.unroll),
    String(r.iterations),
    fmt(r.msPerIteration),
    r.itersPerMinute.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const render = (r: string[]) =>
    r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    'meta-training throughput (one iteration = one unroll + one meta-update)',
    render(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map(render),
  ].join('\n');
}
