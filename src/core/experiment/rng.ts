/**
 * Seeded, splittable PRNG (sfc32 seeded through splitmix32). Every random number in the
 * project comes from here, never from Math.random, so a seed reproduces an experiment.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** An independent child stream, deterministic given this stream's seed and `label`. */
  fork(label: string): Rng;
  /** The seed this stream was built from. */
  readonly seed: number;
  /** The stream's position (sfc32 words and the spare normal), for checkpoints. */
  getState(): RngState;
  /** Continue from a position getState returned (a checkpoint), exactly. */
  setState(s: RngState): void;
}

/** A stream's position: the four sfc32 words and the cached second normal draw (or null). */
export interface RngState {
  words: [number, number, number, number];
  spare: number | null;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(s: string, h = 2166136261): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function makeRng(seed: number): Rng {
  const sm = splitmix32(seed >>> 0);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  let spare: number | null = null;
  const nextU32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32();
  const next = () => nextU32() / 4294967296;
  return {
    seed: seed >>> 0,
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => makeRng(hashString(label, seed >>> 0) ^ 0x5bd1e995),
    getState: () => ({ words: [a >>> 0, b >>> 0, c >>> 0, d >>> 0], spare }),
    setState: (s) => {
      if (!Array.isArray(s?.words) || s.words.length !== 4 || !s.words.every((w) => Number.isInteger(w)))
        throw new Error('rng state: words must be 4 integers');
      [a, b, c, d] = s.words;
      spare = typeof s.spare === 'number' ? s.spare : null;
    },
  };
}

/** Fill a Float32Array with N(mean, std²) draws. */
export function normalArray(rng: Rng, n: number, std = 1, mean = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * rng.normal();
  return out;
}

/** Fill a Float32Array with U[lo, hi) draws. */
export function uniformArray(rng: Rng, n: number, lo = 0, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.next();
  return out;
}
