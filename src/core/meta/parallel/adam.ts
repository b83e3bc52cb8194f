/**
 * The leader's meta-optimizer: Adam on φ (docs/algorithms.md §8; Kingma & Ba 2015, the form of
 * tf.train.adam) in plain float64 arithmetic on the host, so its whole state — the step count t
 * and the moments m, v — can be saved and restored exactly (tf.train.adam rebuilds β^t with
 * pow() on restore, which differs in the last bit from its running product):
 *   t ← t + 1,  m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²
 *   φ ← φ − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε)      (tf.train.adam's ε placement)
 * φ stays float32 (rounded after each update); β1 = 0.9, β2 = 0.999, ε = 1e-8.
 */
export interface AdamState {
  t: number;
  m: Float64Array[];
  v: Float64Array[];
}

export const META_ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

export function adamInit(sizes: number[]): AdamState {
  return { t: 0, m: sizes.map((n) => new Float64Array(n)), v: sizes.map((n) => new Float64Array(n)) };
}

/** One Adam step: updates φ (in place) and the state; `lr` one for all, or one per tensor. */
export function adamStep(
  phi: Float32Array[],
  grads: Float64Array[],
  s: AdamState,
  lr: number | readonly number[],
): void {
  const { beta1: b1, beta2: b2, eps } = META_ADAM;
  s.t++;
  const corr = Math.sqrt(1 - b2 ** s.t) / (1 - b1 ** s.t);
  phi.forEach((p, i) => {
    const step = (typeof lr === 'number' ? lr : lr[i]) * corr;
    const g = grads[i];
    const m = s.m[i];
    const v = s.v[i];
    for (let j = 0; j < p.length; j++) {
      m[j] = b1 * m[j] + (1 - b1) * g[j];
      v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
      p[j] = p[j] - (step * m[j]) / (Math.sqrt(v[j]) + eps);
    }
  });
}
