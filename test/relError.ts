/** Relative errors the comparison tests assert on (b is the reference). */

/** max |a − b| / max |b| over all values (max |a − b| when b is all zeros). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

/** ‖a − b‖₂ / ‖b‖₂ over all arrays of b, by name (e.g. meta-gradients by variable). */
export function relL2(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let num = 0;
  let den = 0;
  for (const k of Object.keys(b)) {
    b[k].forEach((y, i) => {
      num += (a[k][i] - y) ** 2;
      den += y * y;
    });
  }
  return Math.sqrt(num / den);
}
