/**
 * A small WebAssembly assembler for the generated learned-optimizer kernels
 * (learnedWasmCode.ts): typed locals, scalar f32/f64/i32 and 128-bit SIMD (f32x4) instructions
 * (the f32x4 exp / σ / tanh / ELU are inlined by wasmMath.ts). Modules import tfjs-wasm's memory as `env.memory`
 * (kernels/hostMemory.ts) and `env.log` (Math.log, for the one scalar log of LogAndSign);
 * no JavaScript is generated, so it runs under the page's CSP (WebAssembly compilation only).
 *
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  void: 0x40,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32load: 0x28,
  f32load: 0x2a,
  f64load: 0x2b,
  f32store: 0x38,
  i32c: 0x41,
  f32c: 0x43,
  f64c: 0x44,
  i32eq: 0x46,
  i32ne: 0x47,
  i32geu: 0x4f,
  f32lt: 0x5d,
  f32gt: 0x5e,
  i32add: 0x6a,
  i32mul: 0x6c,
  f32abs: 0x8b,
  f32neg: 0x8c,
  f32sqrt: 0x91,
  f32add: 0x92,
  f32sub: 0x93,
  f32mul: 0x94,
  f32div: 0x95,
  f32min: 0x96,
  f32max: 0x97,
  f64add: 0xa0,
  f64mul: 0xa2,
  f32demote: 0xb6,
  f64promote: 0xbb,
  i32truncf32u: 0xa9,
} as const;

/** SIMD instructions (after the 0xfd prefix). */
export const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  shuffle: 0x0d,
  i32x4Splat: 0x11,
  f32x4Splat: 0x13,
  f32x4Extract: 0x1f,
  f32x4Lt: 0x43,
  f32x4Ge: 0x46,
  and: 0x4e,
  or: 0x50,
  bitselect: 0x52,
  f64x2PromoteLow: 0x5f,
  f32x4Nearest: 0x6a,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f64x2Add: 0xf0,
  i32x4TruncSatF32x4S: 0xf8,
} as const;

/** Relaxed SIMD's f32x4.relaxed_madd (a·b + c, fused where the engine can), after 0xfd. */
export const RELAXED_MADD = 0x105;

let relaxed: boolean | undefined;
/** Whether this engine validates relaxed SIMD (Chromium ≥ 114; Node 20 only behind a flag). */
export function relaxedSimdSupported(): boolean {
  if (relaxed === undefined) {
    // (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd)
    const body = [0, 0x20, 0, 0x20, 1, 0x20, 2, 0xfd, 0x85, 0x02, 0x0b];
    const bytes = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, V128, V128, V128, 1, V128];
    bytes.push(3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body);
    relaxed = WebAssembly.validate(new Uint8Array(bytes));
  }
  return relaxed;
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

export const f32bytes = (x: number) => [...new Uint8Array(new Float32Array([x]).buffer)];
const f64bytes = (x: number) => [...new Uint8Array(new Float64Array([x]).buffer)];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
export const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
export const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** One function body under construction: params are locals 0…, more locals on demand. */
export class Fn {
  readonly code: number[] = [];
  private readonly extra: number[] = [];
  private readonly temps = new Map<string, number>();
  constructor(
    readonly params: number[],
    readonly result: number | null,
  ) {}

  local(type: number): number {
    this.extra.push(type);
    return this.params.length + this.extra.length - 1;
  }
  /** A named scratch local, shared by every use of that name. */
  temp(key: string, type: number): number {
    let l = this.temps.get(key);
    if (l === undefined) {
      l = this.local(type);
      this.temps.set(key, l);
    }
    return l;
  }
  op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
  simd(op: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(op), ...imm);
  }
  get(l: number): this {
    return this.op(OP.get, ...uleb(l));
  }
  set(l: number): this {
    return this.op(OP.set, ...uleb(l));
  }
  tee(l: number): this {
    return this.op(OP.tee, ...uleb(l));
  }
  i32(x: number): this {
    return this.op(OP.i32c, ...sleb(x));
  }
  f32(x: number): this {
    return this.op(OP.f32c, ...f32bytes(x));
  }
  f64(x: number): this {
    return this.op(OP.f64c, ...f64bytes(x));
  }
  /** f32 at [base + bytes]. */
  loadF32(base: number, bytes: number): this {
    return this.get(base).op(OP.f32load, 2, ...uleb(bytes));
  }
  /** Pops an f32 value: [base + bytes] = value (push the base first with storeF32At). */
  storeF32(bytes: number): this {
    return this.op(OP.f32store, 2, ...uleb(bytes));
  }
  loadV(base: number, bytes: number): this {
    return this.get(base).simd(SIMD.load, 4, ...uleb(bytes));
  }
  storeV(bytes: number): this {
    return this.simd(SIMD.store, 4, ...uleb(bytes));
  }
  /** Splat of the f32 at [base + bytes]. */
  splatAt(base: number, bytes: number): this {
    return this.get(base).simd(SIMD.load32Splat, 2, ...uleb(bytes));
  }
  vconst(x: number): this {
    const b = f32bytes(x);
    return this.simd(SIMD.const, ...b, ...b, ...b, ...b);
  }
  iconst4(x: number): this {
    const b = [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff];
    return this.simd(SIMD.const, ...b, ...b, ...b, ...b);
  }
  vop(op: keyof typeof SIMD): this {
    return this.simd(SIMD[op]);
  }
  bytes(): number[] {
    const groups: number[][] = [];
    for (const t of this.extra) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...vec(groups.map(([n, t]) => [...uleb(n), t])), ...this.code, OP.end];
    return [...uleb(body.length), ...body];
  }
}

/**
 * A module importing env.memory (shared when the heap is a SharedArrayBuffer) and env.log
 * (f64 → f64, function 0), exporting `fns` by name (functions 1…).
 */
export function moduleBytes(fns: { name: string; fn: Fn }[], shared: boolean): Uint8Array<ArrayBuffer> {
  const logType = [0x60, 1, F64, 1, F64];
  const types = [
    logType,
    ...fns.map(({ fn }) => [
      0x60,
      ...vec(fn.params.map((p) => [p])),
      ...(fn.result === null ? [0] : [1, fn.result]),
    ]),
  ];
  const imports = [memoryImport(shared), [...name('env'), ...name('log'), 0x00, 0]];
  return assembleModule({
    types,
    imports,
    funcs: fns.map((_, k) => k + 1),
    exports: fns.map(({ name: n }, k) => [...name(n), 0x00, ...uleb(k + 1)]),
    bodies: fns.map(({ fn }) => fn.bytes()),
  });
}

/** The `env.memory` import entry (tfjs-wasm's heap; shared when the backend uses threads). */
export function memoryImport(shared: boolean): number[] {
  const limits = shared ? [0x03, 0, ...uleb(65536)] : [0x00, 0];
  return [...name('env'), ...name('memory'), 0x02, ...limits];
}

/**
 * A module from its encoded parts: function types, imports, each defined function's type
 * index, export entries and function bodies (each already length-prefixed).
 */
export function assembleModule(m: {
  types: number[][];
  imports: number[][];
  funcs: number[];
  exports: number[][];
  bodies: number[][];
}): Uint8Array<ArrayBuffer> {
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(m.types)),
    ...section(2, vec(m.imports)),
    ...section(3, vec(m.funcs.map((k) => uleb(k)))),
    ...section(7, vec(m.exports)),
    ...section(10, vec(m.bodies)),
  ];
  return new Uint8Array(bytes);
}
