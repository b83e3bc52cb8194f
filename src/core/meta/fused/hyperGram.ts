/**
 * WGSL of the fused cell's parameter gradients (docs/algorithms.md §4.1, §4.2; layouts:
 * hyperLayout.ts): each is a sum over the N rows of a product of a row's input-side value and
 * its backward value (D, written by hyperBwd.ts's B1):
 *   dW_ad = [m̄, s̄]ᵀ·dz,  db_ad = 1ᵀ·dz,  dW_q = sᵀ·dz_q,  db_q = 1ᵀ·dz_q
 *   V: dw_var = sᵀ·dlv,  db_var = 1ᵀ·dlv
 * E entries in all, laid out as those blocks in that order (row-major), which is the order
 * of the node's parameter inputs. Two dispatches:
 *   G1 partials: workgroup (x, y) → entries 64x…64x+63 over the rows of chunk y (rowsPer rows
 *      each, C chunks): Q[y·E + e]
 *   G2 finish:   PG[e] = Σ_y Q[y·E + e]
 */

import { type CellDims, dCols, prelude, WG } from './hyperLayout';
import { storage } from './wgsl';

interface Block {
  /** x side: 'mbsb' ([m̄, s̄], J+H columns), 's' (H columns) or 'one'; y side: D columns. */
  x: 'mbsb' | 's' | 'one';
  rows: number;
  y0: number;
  cols: number;
}

export function gramBlocks(d: CellDims): Block[] {
  const { J, H, V } = d;
  const c = dCols(d);
  const blocks: Block[] = [
    { x: 'mbsb', rows: J + H, y0: c.dz, cols: 2 * J },
    { x: 'one', rows: 1, y0: c.dz, cols: 2 * J },
    { x: 's', rows: H, y0: c.dzq, cols: J },
    { x: 'one', rows: 1, y0: c.dzq, cols: J },
  ];
  if (V) blocks.push({ x: 's', rows: H, y0: c.dlv, cols: 1 }, { x: 'one', rows: 1, y0: c.dlv, cols: 1 });
  return blocks;
}

export const gramEntries = (d: CellDims): number => gramBlocks(d).reduce((a, b) => a + b.rows * b.cols, 0);

/** G1: per-chunk partial sums of every entry. */
export function gramShader(d: CellDims): string {
  const E = gramEntries(d);
  const branches: string[] = [];
  let start = 0;
  for (const b of gramBlocks(d)) {
    const end = start + b.rows * b.cols;
    const body = [`let q = e - ${start}u;`, `let a = q / ${b.cols}u;`, `yc = ${b.y0}u + q % ${b.cols}u;`];
    if (b.x === 'one') body.push('one = true;');
    else if (b.x === 's') body.push('xb = xs(n) + a; xst = H;');
    else {
      body.push('scale = W[oR + a];');
      body.push('if (a < J) { xb = xm(n) + a; xst = J; } else { xb = xs(n) + a - J; xst = H; }');
    }
    branches.push(`${branches.length ? 'else ' : ''}if (e < ${end}u) { ${body.join(' ')} }`);
    start = end;
  }
  return `${prelude(d)}
${storage({ X: 'read', W: 'read', D: 'read', Q: 'read_write' })}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = U.n;
  let e = wid.x * WG + li;
  if (e >= ${E}u) { return; }
  var xb = 0u; var xst = 0u; var scale = 1.0; var one = false; var yc = 0u;
  ${branches.join('\n  ')}
  let r0 = wid.y * U.rowsPer;
  let r1 = min(n, r0 + U.rowsPer);
  var acc = 0.0;
  for (var i = r0; i < r1; i = i + 1u) {
    let x = select(X[xb + i * xst] * scale, 1.0, one);
    acc = acc + x * D[i * DW + yc];
  }
  Q[wid.y * ${E}u + e] = acc;
}`;
}

/** G2: PG[e] = Σ over the C chunks of Q. */
export function gramFinishShader(d: CellDims): string {
  const E = gramEntries(d);
  return `${prelude(d)}
${storage({ Q: 'read', PG: 'read_write' })}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let e = wid.x * WG + li;
  if (e >= ${E}u || U.n == 0u) { return; }
  var s = 0.0;
  for (var y = 0u; y < U.C; y = y + 1u) { s = s + Q[y * ${E}u + e]; }
  PG[e] = s;
}`;
}
