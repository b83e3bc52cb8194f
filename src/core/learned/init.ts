/**
 * Seeded initialisers for the learned optimizers' meta-parameters (docs/algorithms.md §2.2, §3.1):
 *   truncatedNormal(σ)  N(0, σ²) with draws beyond 2σ redrawn (Sonnet / TF truncated_normal)
 *   glorotUniform       U[−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))] (TF's default kernel init)
 * Plain Float32Arrays from the project PRNG (never Math.random), so a seed reproduces φ₀.
 */
import type { Rng } from '../experiment/rng';

export function truncatedNormal(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    out[i] = z * std;
  }
  return out;
}

export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const lim = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * lim;
  return out;
}
