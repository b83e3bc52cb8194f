/** An append-only Float32Array that doubles its capacity; `view()` is the filled prefix. */
export class GrowBuf {
  private data: Float32Array;
  length = 0;
  constructor(capacity = 256) {
    this.data = new Float32Array(capacity);
  }
  push(values: Float32Array): void {
    if (this.length + values.length > this.data.length) {
      let cap = this.data.length * 2;
      while (cap < this.length + values.length) cap *= 2;
      const next = new Float32Array(cap);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
  view(): Float32Array {
    return this.data.subarray(0, this.length);
  }
  at(i: number): number {
    return i >= 0 && i < this.length ? this.data[i] : Number.NaN;
  }
}
