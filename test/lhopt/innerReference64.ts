/**
 * Float64 oracle for LHOPT's inner optimizer and its accumulated features (src/core/learned/
 * lhopt/inner.ts; docs/algorithms.md §5.1), written independently with plain loops.
 */
import { logitPhi, phi } from '../../src/core/learned/lhopt/normal';

export interface H64 {
  lr: number;
  ombeta1: number;
  ombeta2: number;
  eps: number;
  weightDecay: number;
  clip: number;
}

export interface Ref64 {
  params: number[][];
  shapes: number[][];
  m: number[][];
  v: number[][];
  n: number[];
  R: number;
  bc1: number;
  bc2: number;
  bcN: number;
  t: number;
  acc: number[];
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const nrm = (a: number[]) => Math.sqrt(dot(a, a));
const L = (x: number) => Math.log(x + 1e-8);
const cosine = (a: number[], b: number[]) => dot(a, b) / Math.max(nrm(a) * nrm(b), 1e-8);

export function ref64Init(params: number[][], shapes: number[][]): Ref64 {
  return {
    params: params.map((p) => [...p]),
    shapes,
    m: params.map((p) => p.map(() => 0)),
    v: params.map((p) => p.map(() => 0)),
    n: params.map(() => 0),
    R: 0,
    bc1: 0,
    bc2: 0,
    bcN: 0,
    t: 0,
    acc: new Array(16).fill(0),
  };
}

export function ref64Step(s: Ref64, grads: number[][], h: H64, preset: 'lite' | 'ciao', loss: number): Ref64 {
  const t = s.t + 1;
  const b1 = 1 - h.ombeta1;
  const b2 = 1 - h.ombeta2;
  const G = Math.sqrt(grads.reduce((a, g) => a + dot(g, g), 0));
  const R = Math.max(G, s.R * 0.99);
  const ratio = (h.clip * R) / (G + 1e-6);
  const scale = Math.min(1, ratio);
  const didClip = ratio < 1 ? 1 : 0;
  const bc1 = s.bc1 * b1 + h.ombeta1;
  const bc2 = s.bc2 * b2 + h.ombeta2;
  const bcN = s.bcN * 0.95 + 0.05;
  const out: Ref64 = { ...s, t, R, bc1, bc2, bcN, params: [], m: [], v: [], n: [], acc: [...s.acc] };
  const feats: number[][] = [];
  let stepSq = 0;
  let paramSq = 0;
  grads.forEach((g0, i) => {
    const p = s.params[i];
    const g = g0.map((x) => x * scale);
    const m = g.map((x, k) => b1 * s.m[i][k] + h.ombeta1 * x);
    const v =
      preset === 'ciao'
        ? g.map((x, k) => Math.max(b2 * s.v[i][k], Math.abs(x)))
        : g.map((x, k) => b2 * s.v[i][k] + h.ombeta2 * x * x);
    const d = preset === 'ciao' ? v : v.map((x) => Math.sqrt(x / bc2));
    const mHat = m.map((x) => x / bc1);
    const upd = mHat.map((x, k) => x / (d[k] + h.eps) + h.weightDecay * p[k]);
    let lrP = h.lr;
    let n = s.n[i];
    if (preset === 'ciao' && s.shapes[i].length >= 2) {
      n = 0.95 * s.n[i] + 0.05 * nrm(upd);
      const nHat = n / bcN;
      const nP = nrm(p);
      if (nP >= 1e-8 && nHat >= 1e-8) lrP = h.lr * Math.max(nP / nHat, 1e-3);
    }
    out.params.push(p.map((x, k) => x - lrP * upd[k]));
    out.m.push(m);
    out.v.push(v);
    out.n.push(n);
    if (t % 4 === 0) {
      const dim = g.length;
      const cGM = cosine(g, mHat);
      const cGP = cosine(g, p);
      const cGU = cosine(g, upd);
      feats.push([
        didClip,
        d.filter((x) => x > h.eps).length / dim,
        upd.reduce((a, x) => a + Math.log(Math.abs(x) + 1e-8), 0) / dim,
        L(nrm(mHat)) - L(nrm(g)),
        L(lrP * nrm(upd)) - L(nrm(p)),
        L(nrm(mHat)) - L(nrm(mHat.map((x, k) => x - g[k]))),
        cGM,
        cGP,
        cGU,
        L(nrm(p)) - L(nrm(upd)),
        logitPhi(cGM * Math.sqrt(dim)),
        logitPhi(cGU * Math.sqrt(dim)),
        phi(cGP * Math.sqrt(dim)),
      ]);
      stepSq += lrP * lrP * dot(upd, upd);
      paramSq += dot(p, p);
    }
  });
  if (t % 4 === 0) {
    for (let f = 0; f < 13; f++) out.acc[f] += feats.reduce((a, x) => a + x[f], 0) / feats.length;
    out.acc[13] += Math.sqrt(stepSq);
    out.acc[14] += Math.sqrt(paramSq);
  }
  out.acc[15] += loss;
  return out;
}
