/**
 * Generated WebAssembly modules run on tfjs-wasm's own heap (docs/architecture.md, kernels/):
 * one instance per memory and variant key, made on first use (compiled for a shared memory
 * when tfjs-wasm runs threaded) and cached while the memory lives.
 */
export class PerMemory<T> {
  private readonly cache = new WeakMap<WebAssembly.Memory, Map<string, T>>();

  /** The value for (memory, key); `make(shared)` builds it the first time. */
  get(memory: WebAssembly.Memory, key: string, make: (shared: boolean) => T): T {
    let m = this.cache.get(memory);
    if (!m) {
      m = new Map();
      this.cache.set(memory, m);
    }
    let v = m.get(key);
    if (v === undefined) {
      v = make(typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer);
      m.set(key, v);
    }
    return v;
  }
}
