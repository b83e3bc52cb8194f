/**
 * Incremental range argmin/argmax over an append-only series (a segment tree kept over the
 * complete power-of-two blocks), so chart decimation costs O(buckets · log n) per redraw
 * instead of rescanning the whole history. Non-finite values are skipped; ties go to the
 * leftmost index, exactly as decimate.ts's scan does, so both give the same indices.
 */

type Arr = { min: Int32Array; max: Int32Array; len: number };

export class MinMaxTree {
  /** levels[k−1] holds blocks of 2^k values; level 0 is the series itself. */
  private levels: Arr[] = [];
  /** Values indexed so far. */
  count = 0;
  constructor(private ys: ArrayLike<number>) {}

  /** Index the values appended since the last call (`ys` may be a new view of the same data). */
  update(ys: ArrayLike<number>, n = ys.length): void {
    this.ys = ys;
    for (let i = this.count; i < n; i++) this.add(i);
    this.count = Math.max(this.count, n);
  }

  private leaf(i: number): number {
    return Number.isFinite(this.ys[i]) ? i : -1;
  }

  private pickMin(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const ya = this.ys[a];
    const yb = this.ys[b];
    return yb < ya || (yb === ya && b < a) ? b : a;
  }

  private pickMax(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const ya = this.ys[a];
    const yb = this.ys[b];
    return yb > ya || (yb === ya && b < a) ? b : a;
  }

  private node(level: number, j: number, max: boolean): number {
    if (level === 0) return this.leaf(j);
    const l = this.levels[level - 1];
    return max ? l.max[j] : l.min[j];
  }

  private add(i: number): void {
    // Element i completes block j = i >> k at level k when its low k bits are all ones.
    let j = i;
    let k = 0;
    while ((j & 1) === 1) {
      const parent = j >> 1;
      const lo = this.pickMin(this.node(k, j - 1, false), this.node(k, j, false));
      const hi = this.pickMax(this.node(k, j - 1, true), this.node(k, j, true));
      k++;
      let l = this.levels[k - 1];
      if (!l) {
        l = { min: new Int32Array(16), max: new Int32Array(16), len: 0 };
        this.levels[k - 1] = l;
      }
      if (parent >= l.min.length) {
        const min = new Int32Array(l.min.length * 2);
        const max = new Int32Array(l.max.length * 2);
        min.set(l.min);
        max.set(l.max);
        l.min = min;
        l.max = max;
      }
      l.min[parent] = lo;
      l.max[parent] = hi;
      l.len = parent + 1;
      j = parent;
    }
  }

  /** [argmin, argmax] of the finite values in [lo, hi) (−1 when there are none); hi ≤ count. */
  range(lo: number, hi: number): [number, number] {
    let iMin = -1;
    let iMax = -1;
    let l = lo;
    let r = hi;
    for (let k = 0; l < r; k++) {
      if (l & 1) {
        iMin = this.pickMin(iMin, this.node(k, l, false));
        iMax = this.pickMax(iMax, this.node(k, l, true));
        l++;
      }
      if (r & 1) {
        r--;
        iMin = this.pickMin(iMin, this.node(k, r, false));
        iMax = this.pickMax(iMax, this.node(k, r, true));
      }
      l >>= 1;
      r >>= 1;
    }
    return [iMin, iMax];
  }
}
