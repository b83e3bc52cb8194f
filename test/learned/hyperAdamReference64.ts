/**
 * Float64 reference of one HyperAdam step (docs/algorithms.md §4.1), written from the equations
 * with plain loops, to check the batched tfjs implementation. Weights are row-major
 * Float32Arrays as stored in MetaParams (kernel [in, out]); LSTM gates [i, j, f, o], forget
 * bias +1 (src/core/learned/lstm.ts layout).
 */
export type W = Record<string, Float32Array>;

export interface RefState {
  h: number[][];
  c: number[][];
  m: number[][];
  v: number[][];
  bh: number[][];
  gh: number[][];
}

const sig = (x: number) => 1 / (1 + Math.exp(-x));
/** β, γ ≤ 1 − 1e-6, rounded to float32 as the implementation's cap is. */
const CAP = Math.fround(1 - 1e-6);
const elu = (x: number) => (x > 0 ? x : Math.exp(x) - 1);

function dense(x: number[], k: Float32Array, b: Float32Array, out: number): number[] {
  const y = Array.from(b.slice(0, out), Number);
  for (let i = 0; i < x.length; i++) for (let o = 0; o < out; o++) y[o] += x[i] * k[i * out + o];
  return y;
}

export function zeroRefState(n: number, H: number, J: number): RefState {
  const z = (w: number) => Array.from({ length: n }, () => new Array(w).fill(0));
  return { h: z(H), c: z(H), m: z(J), v: z(J), bh: z(J), gh: z(J) };
}

function colNorm(x: number[][]): number[][] {
  const w = x[0].length;
  const s = new Array(w).fill(0);
  for (const r of x) for (let j = 0; j < w; j++) s[j] += r[j] * r[j];
  return x.map((r) => r.map((v, j) => v / Math.sqrt(s[j] + 1e-16)));
}

/** One step; returns d (before −α), β, γ, the moments M and the new state. */
export function hyperAdamStep64(g: number[], st: RefState, w: W, H: number, J: number) {
  const n = g.length;
  const gn = Math.sqrt(g.reduce((a, x) => a + x * x, 0) + 1e-16);
  const h: number[][] = [];
  const c: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = dense([g[i] / gn], w['pre/kernel'], w['pre/bias'], H).map(elu);
    const z = dense([...a, ...st.h[i]], w['lstm0/kernel'], w['lstm0/bias'], 4 * H);
    const ci: number[] = [];
    const hi: number[] = [];
    for (let u = 0; u < H; u++) {
      const [ig, jg, fg, og] = [z[u], z[H + u], z[2 * H + u], z[3 * H + u]];
      ci.push(sig(fg + 1) * st.c[i][u] + sig(ig) * Math.tanh(jg));
      hi.push(sig(og) * Math.tanh(ci[u]));
    }
    h.push(hi);
    c.push(ci);
  }
  const mBar = colNorm(st.m);
  const sBar = colNorm(h);
  const out = { d: [] as number[], beta: [] as number[][], gamma: [] as number[][], M: [] as number[][] };
  const next: RefState = { h, c, m: [], v: [], bh: [], gh: [] };
  for (let i = 0; i < n; i++) {
    const r = dense([...mBar[i], ...sBar[i]], w['adam/kernel'], w['adam/bias'], 2 * J).map((z) =>
      Math.min(sig(z), CAP),
    );
    const beta = r.slice(0, J);
    const gamma = r.slice(J);
    const m = beta.map((b, j) => b * st.m[i][j] + (1 - b) * g[i]);
    const v = gamma.map((q, j) => q * st.v[i][j] + (1 - q) * g[i] * g[i]);
    const bh = beta.map((b, j) => b * st.bh[i][j] + (1 - b));
    const gh = gamma.map((q, j) => q * st.gh[i][j] + (1 - q));
    const M = m.map((mj, j) => mj / (bh[j] + 1e-24) / Math.sqrt(v[j] / (gh[j] + 1e-24) + 1e-24));
    const rho = dense(h[i], w['weight/kernel'], w['weight/bias'], J).map(elu);
    out.d.push(rho.reduce((a, p, j) => a + p * M[j], 0));
    out.beta.push(beta);
    out.gamma.push(gamma);
    out.M.push(M);
    next.m.push(m);
    next.v.push(v);
    next.bh.push(bh);
    next.gh.push(gh);
  }
  return { ...out, state: next };
}
