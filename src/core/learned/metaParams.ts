/**
 * The meta-parameters φ of a learned optimizer: named tf.Variables with fixed shapes (the
 * architecture's weight definitions). Names are stable ('lstm0/kernel', 'out/bias', …): they
 * are the keys of the saved weight specs.
 */
import type { NamedTensorMap, Tensor, Variable } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../experiment/rng';
import { type InitOverrides, sizeOf, type WeightDef } from './descriptor';

export { sizeOf, type WeightDef } from './descriptor';

export class MetaParams {
  readonly defs: WeightDef[];
  private readonly vars = new Map<string, Variable>();
  private static counter = 0;

  private constructor(defs: WeightDef[], values: (d: WeightDef) => Float32Array | Tensor) {
    this.defs = defs;
    const tag = MetaParams.counter++;
    for (const d of defs) {
      const v = values(d);
      const t = v instanceof Float32Array ? tf.tensor(v, d.shape) : v;
      this.vars.set(d.name, tf.variable(t, true, `learned${tag}/${d.name}`));
      if (v instanceof Float32Array) t.dispose();
    }
  }

  /**
   * Fresh φ₀ from the seeded initialisers, drawn in definition order; `over` replaces some of
   * them by name (every tensor is still drawn, so the others do not depend on `over`).
   */
  static init(defs: WeightDef[], rng: Rng, over: InitOverrides = {}): MetaParams {
    return new MetaParams(defs, (d) => {
      const drawn = d.init(rng);
      const o = over[d.name];
      return o === undefined ? drawn : typeof o === 'function' ? o(drawn) : o;
    });
  }

  /** φ from named tensors (already validated against `defs`; the tensors are copied). */
  static fromTensors(defs: WeightDef[], named: NamedTensorMap): MetaParams {
    return new MetaParams(defs, (d) => named[d.name]);
  }

  get(name: string): Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`meta-parameter '${name}' does not exist`);
    return v;
  }

  /** The tensors' names, in list() order. */
  names(): string[] {
    return this.defs.map((d) => d.name);
  }

  list(): Variable[] {
    return this.defs.map((d) => this.get(d.name));
  }

  /** Named current values (the variables themselves; do not dispose them). */
  named(): NamedTensorMap {
    const out: NamedTensorMap = {};
    for (const d of this.defs) out[d.name] = this.get(d.name);
    return out;
  }

  count(): number {
    return this.defs.reduce((n, d) => n + sizeOf(d.shape), 0);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
