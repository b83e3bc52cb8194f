/**
 * WGSL of the fused LSTM cell nodes (docs/algorithms.md §2.2; the lean cell's math,
 * src/core/meta/lean/cell.ts), over all N coordinates. Tensors are row-major: x [N, I],
 * h, c [N, H], K [I+H, 4H] (TF layout: gate g's column block g·H…, rows x then h), b [4H].
 * A node owns a contiguous block of gate columns [c0, c0 + GH):
 *   'state'  gates i, j, f (c0 = 0, GH = 3H):  c' = σ(z_f + 1)·c + σ(z_i)·tanh(z_j)
 *   'output' gate o        (c0 = 3H, GH = H):   h' = σ(z_o)·tanh(c')
 * with z = x·K[0:I] + h·K[I:] + b. Passes (one thread per coordinate, grid-stride loops):
 *   fwd      z for the node's GH columns, the nonlinearities, the output and the saved
 *            activations A (state: σ_i, tanh z_j, σ_f → [N, 3H]; output: σ_o → [N, H]).
 *   bwdRows  from the output's gradient d and A: the node's dz [N, GH] (scratch),
 *            dc (state: d·σ_f; output: d·σ_o(1 − tanh²c'), the part reaching c'),
 *            dx = dz·K_xᵀ, dh = dz·K_hᵀ (node columns only).
 *              state:  dz_i = d·tanh z_j·σ_i(1−σ_i), dz_j = d·σ_i(1 − tanh²z_j),
 *                      dz_f = d·c·σ_f(1−σ_f)
 *              output: dz_o = d·tanh c'·σ_o(1−σ_o)
 *   bwdPart  per chunk of rows, partial sums of dK = [x, h]ᵀ·dz and db = 1ᵀ·dz over the node's
 *            E = (I+H)·GH + GH entries (workgroups: chunks × entry blocks).
 *   bwdSum   dK [I+H, 4H] and db [4H]: the partials summed over chunks in the node's columns,
 *            zeros elsewhere (tfjs adds the two nodes' gradients).
 * σ and tanh as tfjs-backend-webgpu writes them (learnedShader.ts).
 */
import { storage } from './wgsl';

export type CellNode = 'state' | 'output';
export const WG = 64;

export interface CellShape {
  node: CellNode;
  /** Input width I and hidden size H. */
  inp: number;
  hidden: number;
}

export const gateCols = (s: CellShape) =>
  s.node === 'state' ? { c0: 0, gh: 3 * s.hidden } : { c0: 3 * s.hidden, gh: s.hidden };

/** Entries of the node's dK/db partials. */
export const partialEntries = (s: CellShape) => (s.inp + s.hidden + 1) * gateCols(s).gh;

const HEAD = [
  'struct Meta { n: u32, nWg: u32, chunkRows: u32, nChunks: u32 }',
  '@group(0) @binding(0) var<uniform> U: Meta;',
  'fn sig(a: f32) -> f32 { return 1.0 / (1.0 + exp(-1.0 * a)); }',
  'fn tnh(a: f32) -> f32 { let e = exp(-2.0 * abs(a)); return sign(a) * (1.0 - e) / (1.0 + e); }',
];

/** The grid-stride loop over coordinates around `body` (which reads `i`). */
function perRow(body: string[]): string[] {
  return [
    `@compute @workgroup_size(${WG})`,
    'fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {',
    `  for (var i = wid.x * ${WG}u + li; i < U.n; i = i + U.nWg * ${WG}u) {`,
    ...body.map((l) => `    ${l}`),
    '  }',
    '}',
  ];
}

/** Forward: bindings 1 X, 2 Hs, 3 C (state: c; output: c'), 4 K, 5 B; 6 OUT, 7 A. */
export function fwdShader(s: CellShape): string {
  const { inp: I, hidden: H } = s;
  const { c0, gh } = gateCols(s);
  const W = 4 * H;
  const j = Array.from({ length: gh }, (_, k) => k);
  const acc = (v: string, row: string) => [
    `let w = (${row}) * ${W}u;`,
    ...j.map((k) => `z${k} = z${k} + ${v} * K[w + ${c0 + k}u];`),
  ];
  const body = [
    ...j.map((k) => `var z${k} = B[${c0 + k}u];`),
    `for (var r = 0u; r < ${I}u; r = r + 1u) {`,
    `  let v = X[i * ${I}u + r];`,
    ...acc('v', 'r').map((l) => `  ${l}`),
    '}',
    `for (var r = 0u; r < ${H}u; r = r + 1u) {`,
    `  let v = Hs[i * ${H}u + r];`,
    ...acc('v', `${I}u + r`).map((l) => `  ${l}`),
    '}',
  ];
  for (let k = 0; k < H; k++) {
    const at = `i * ${H}u + ${k}u`;
    if (s.node === 'state') {
      body.push(
        `{ let si = sig(z${k}); let tj = tnh(z${H + k}); let sf = sig(z${2 * H + k} + 1.0);`,
        `  OUT[${at}] = sf * C[${at}] + si * tj;`,
        `  A[i * ${3 * H}u + ${k}u] = si; A[i * ${3 * H}u + ${H + k}u] = tj; A[i * ${3 * H}u + ${2 * H + k}u] = sf; }`,
      );
    } else {
      body.push(`{ let so = sig(z${k}); OUT[${at}] = so * tnh(C[${at}]); A[${at}] = so; }`);
    }
  }
  return [
    ...HEAD,
    storage({ X: 'read', Hs: 'read', C: 'read', K: 'read', B: 'read', OUT: 'read_write', A: 'read_write' }),
    ...perRow(body),
  ].join('\n');
}

/** Backward rows: bindings 1 K, 2 A, 3 C (state: c; output: c'), 4 D; 5 DX, 6 DH, 7 DC, 8 DZ. */
export function bwdRowsShader(s: CellShape): string {
  const { inp: I, hidden: H } = s;
  const { c0, gh } = gateCols(s);
  const W = 4 * H;
  const body: string[] = [];
  for (let k = 0; k < H; k++) {
    const at = `i * ${H}u + ${k}u`;
    if (s.node === 'state') {
      const a = (g: number) => `A[i * ${3 * H}u + ${g * H + k}u]`;
      body.push(
        `let d${k}_ = D[${at}]; let si${k} = ${a(0)}; let tj${k} = ${a(1)}; let sf${k} = ${a(2)};`,
        `let d${k} = d${k}_ * tj${k} * (si${k} * (1.0 - si${k}));`,
        `let d${H + k} = d${k}_ * si${k} * (1.0 - tj${k} * tj${k});`,
        `let d${2 * H + k} = d${k}_ * C[${at}] * (sf${k} * (1.0 - sf${k}));`,
        `DC[${at}] = d${k}_ * sf${k};`,
      );
    } else {
      body.push(
        `let d${k}_ = D[${at}]; let so${k} = A[${at}]; let tc${k} = tnh(C[${at}]);`,
        `let d${k} = d${k}_ * tc${k} * (so${k} * (1.0 - so${k}));`,
        `DC[${at}] = d${k}_ * so${k} * (1.0 - tc${k} * tc${k});`,
      );
    }
  }
  const j = Array.from({ length: gh }, (_, k) => k);
  body.push(...j.map((k) => `DZ[i * ${gh}u + ${k}u] = d${k};`));
  const back = (n: number, row: string, out: string) => [
    `for (var r = 0u; r < ${n}u; r = r + 1u) {`,
    `  let w = (${row}) * ${W}u;`,
    '  var s = 0.0;',
    ...j.map((k) => `  s = s + d${k} * K[w + ${c0 + k}u];`),
    `  ${out}[i * ${n}u + r] = s;`,
    '}',
  ];
  body.push(...back(I, 'r', 'DX'), ...back(H, `${I}u + r`, 'DH'));
  return [
    ...HEAD,
    storage({
      K: 'read',
      A: 'read',
      C: 'read',
      D: 'read',
      DX: 'read_write',
      DH: 'read_write',
      DC: 'read_write',
      DZ: 'read_write',
    }),
    ...perRow(body),
  ].join('\n');
}

/** Partials: bindings 1 X, 2 Hs, 3 DZ; 4 P [nChunks, E]. Grid (nChunks, ⌈E/WG⌉). */
export function bwdPartShader(s: CellShape): string {
  const { inp: I, hidden: H } = s;
  const { gh } = gateCols(s);
  const E = partialEntries(s);
  const loop = (term: string) => [
    '    for (var row = lo; row < hi; row = row + 1u) {',
    `      acc = acc + ${term};`,
    '    }',
  ];
  return [
    ...HEAD,
    storage({ X: 'read', Hs: 'read', DZ: 'read', P: 'read_write' }),
    `@compute @workgroup_size(${WG})`,
    'fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {',
    `  let e = wid.y * ${WG}u + li;`,
    `  if (e >= ${E}u) { return; }`,
    '  let lo = wid.x * U.chunkRows;',
    '  let hi = min(U.n, lo + U.chunkRows);',
    `  let r = e / ${gh}u;`,
    `  let j = e % ${gh}u;`,
    '  var acc = 0.0;',
    `  if (r < ${I}u) {`,
    ...loop(`X[row * ${I}u + r] * DZ[row * ${gh}u + j]`),
    `  } else if (r < ${I + H}u) {`,
    ...loop(`Hs[row * ${H}u + (r - ${I}u)] * DZ[row * ${gh}u + j]`),
    '  } else {',
    ...loop(`DZ[row * ${gh}u + j]`),
    '  }',
    `  P[wid.x * ${E}u + e] = acc;`,
    '}',
  ].join('\n');
}

/** Sums: bindings 1 P; 2 DK [I+H, 4H], 3 DB [4H]. One thread per entry of DK then DB. */
export function bwdSumShader(s: CellShape): string {
  const { inp: I, hidden: H } = s;
  const { c0, gh } = gateCols(s);
  const W = 4 * H;
  const E = partialEntries(s);
  const nk = (I + H) * W;
  return [
    ...HEAD,
    storage({ P: 'read', DK: 'read_write', DB: 'read_write' }),
    `fn total(e: u32) -> f32 {`,
    '  var s = 0.0;',
    `  for (var c = 0u; c < U.nChunks; c = c + 1u) { s = s + P[c * ${E}u + e]; }`,
    '  return s;',
    '}',
    `@compute @workgroup_size(${WG})`,
    'fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>) {',
    `  let q = wid.x * ${WG}u + li;`,
    `  if (q < ${nk}u) {`,
    `    let col = q % ${W}u;`,
    '    var s = 0.0;',
    `    if (col >= ${c0}u && col < ${c0 + gh}u) { s = total((q / ${W}u) * ${gh}u + col - ${c0}u); }`,
    '    DK[q] = s;',
    `  } else if (q < ${nk + W}u) {`,
    `    let col = q - ${nk}u;`,
    '    var s = 0.0;',
    `    if (col >= ${c0}u && col < ${c0 + gh}u) { s = total(${(I + H) * gh}u + col - ${c0}u); }`,
    '    DB[col] = s;',
    '  }',
    '}',
  ].join('\n');
}
