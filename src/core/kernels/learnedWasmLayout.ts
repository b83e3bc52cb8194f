/**
 * Memory layouts of the generated learned-optimizer kernels (learnedWasmCode.ts): the kernel
 * layout of an architecture, one coordinate's state rows, the workspace, the uniforms' column-norm
 * factors and the probe rows. All offsets in floats unless named bytes.
 */

export const LEARNED_WASM_KINDS = ['dmoptimizer', 'rnnprop', 'hyperadam', 'vhadam'] as const;
export type LearnedWasmKind = (typeof LEARNED_WASM_KINDS)[number];

export interface LearnedWasmLayout {
  kind: LearnedWasmKind;
  hidden: number;
  layers: number;
  /** J (hyper kinds; 0 otherwise). */
  candidates: number;
  /** DM: first layer input size (2 with LogAndSign, 1 without). */
  input0: number;
  /** Float offsets into W by meta-parameter name. */
  offsets: Record<string, number>;
  /** Dense layers' multiply-adds as relaxed SIMD f32x4.relaxed_madd (where the engine has it). */
  fma?: boolean;
}

/** The generated functions' parameters (i32 byte offsets but n), in order. */
export const [N, G, P, S, S1, P1, W, U, WS, XI, PL, PR] = Array.from({ length: 12 }, (_, k) => k);
/** Float index in U where the column-norm factors start. */
export const FACTORS = 16;
export const probeRow = (j: number) => 3 * j + 4;

/** Float offsets of the state rows of one coordinate. */
export function stateLayout(l: LearnedWasmLayout) {
  const H = l.hidden;
  const J = l.candidates;
  const pre = l.kind === 'rnnprop' || l.kind === 'vhadam' ? 4 : 0; // m, v (RNNprop-style), 2 pad
  const hRow = (layer: number) => pre + 2 * H * layer;
  const top = pre + 2 * H * l.layers;
  return {
    hRow,
    cRow: (layer: number) => hRow(layer) + H,
    m: top,
    v: top + J,
    bh: top + 2 * J,
    gh: top + 3 * J,
    rows: top + 4 * J,
  };
}

/** Byte offsets in WS: the column sums (float32, 4 bytes a column), then scratch. */
export function workspaceLayout(l: LearnedWasmLayout) {
  const H = l.hidden;
  const J = l.candidates;
  const sums = { a: 0, hp: 4 * H, m: 8 * H, h: 8 * H + 4 * J, rho: 12 * H + 4 * J };
  const f = 12 * H + 8 * J;
  const z = f;
  const a = z + 16 * H;
  const rates = a + 4 * Math.max(H, 2 * J);
  const moments = rates + 8 * J;
  const rho = moments + 4 * J;
  return { sums, sumBytes: f, z, a, rates, moments, rho, bytes: rho + 4 * J };
}

/** Factor offsets (floats, from FACTORS) in U: f_m (J), f_h (H), f_a (H), f_hp (H). */
export function factorLayout(l: LearnedWasmLayout) {
  const J = l.candidates;
  const H = l.hidden;
  return {
    m: FACTORS,
    h: FACTORS + J,
    a: FACTORS + J + H,
    hp: FACTORS + J + 2 * H,
    end: FACTORS + J + 3 * H,
  };
}
