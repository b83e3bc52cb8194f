/**
 * Float64 plain-JS references of DMOptimizer and RNNprop (one coordinate at a time, the
 * papers' per-coordinate form), for checking the batched tfjs implementations.
 */
type W = Record<string, { shape: number[]; values: Float64Array }>;

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const elu = (x: number) => (x > 0 ? x : Math.exp(x) - 1);

/** One LSTM cell on one coordinate: kernel [in+H, 4H] row-major, gates i, j, f, o, forget bias 1. */
function lstm(x: number[], h: number[], c: number[], k: W[string], b: W[string]) {
  const H = h.length;
  const xh = [...x, ...h];
  const z = new Array(4 * H).fill(0).map((_, col) => {
    let s = b.values[col];
    for (let r = 0; r < xh.length; r++) s += xh[r] * k.values[r * 4 * H + col];
    return s;
  });
  const c2 = c.map((cv, u) => sig(z[2 * H + u] + 1) * cv + sig(z[u]) * Math.tanh(z[H + u]));
  const h2 = c2.map((cv, u) => sig(z[3 * H + u]) * Math.tanh(cv));
  return { h: h2, c: c2 };
}

function dense(x: number[], k: W[string], b: W[string]): number[] {
  const out = k.shape[1];
  return new Array(out).fill(0).map((_, o) => {
    let s = b.values[o];
    for (let r = 0; r < x.length; r++) s += x[r] * k.values[r * out + o];
    return s;
  });
}

export interface CoordState {
  h: number[][];
  c: number[][];
  m: number;
  v: number;
}

export const zeroCoord = (layers: number, H: number): CoordState => ({
  h: Array.from({ length: layers }, () => new Array(H).fill(0)),
  c: Array.from({ length: layers }, () => new Array(H).fill(0)),
  m: 0,
  v: 0,
});

function stack(x: number[], s: CoordState, w: W, layers: number): { out: number[]; s: CoordState } {
  const h: number[][] = [];
  const c: number[][] = [];
  let inp = x;
  for (let l = 0; l < layers; l++) {
    const r = lstm(inp, s.h[l], s.c[l], w[`lstm${l}/kernel`], w[`lstm${l}/bias`]);
    h.push(r.h);
    c.push(r.c);
    inp = r.h;
  }
  return { out: inp, s: { ...s, h, c } };
}

/** DMOptimizer step for one coordinate: returns Δθ and the new state. */
export function dmStep64(g: number, s: CoordState, w: W, p: number, scale: number, layers = 2) {
  const x = Math.abs(g) >= Math.exp(-p) ? [Math.log(Math.abs(g)) / p, Math.sign(g)] : [-1, Math.exp(p) * g];
  const r = stack(x, s, w, layers);
  return { delta: scale * dense(r.out, w['out/kernel'], w['out/bias'])[0], s: r.s };
}

/** RNNprop step t (1-based) for one coordinate. */
export function rnnpropStep64(g: number, s: CoordState, w: W, t: number, alpha: number, layers = 2) {
  const b1 = 0.95;
  const b2 = 0.95;
  const m = b1 * s.m + (1 - b1) * g;
  const v = b2 * s.v + (1 - b2) * g * g;
  const d = Math.sqrt(v / (1 - b2 ** t)) + 1e-8;
  const x = [g / d, m / (1 - b1 ** t) / d];
  const a = dense(x, w['in/kernel'], w['in/bias']).map(elu);
  const r = stack(a, { ...s, m, v }, w, layers);
  return { delta: -alpha * Math.tanh(dense(r.out, w['out/kernel'], w['out/bias'])[0]), s: r.s };
}
