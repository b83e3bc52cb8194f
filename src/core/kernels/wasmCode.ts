/**
 * A kernel spec's per-coordinate body (specs.ts) compiled to WebAssembly: the fused step of
 * the wasm backend runs as native float32 code directly on tfjs's wasm heap (the module
 * imports the backend's own WebAssembly.Memory). Same body text as the WGSL (shader.ts) and
 * the JavaScript loop (loopCode.ts); f32 arithmetic is IEEE float32, as tfjs's ops.
 *
 * Export `step(n, G, P, S, P1, S1, U, Q, first, stride, base) → f64` (byte offsets into the
 * heap): reads uniforms U[k], g = G[i], θ = P[i], slot k = S[k·n + i]; writes θ′ = P1[i] and
 * slot k′ = S1[k·n + i]; writes the sampled values at coordinates first, first + stride, … to
 * Q[k·count + base + j] (count = U's last entry, as f32), adds the fraction's count to Q[-1];
 * returns Σ(θ′−θ)² (each term float32, summed in float64).
 */
import type { KernelSpec } from './specs';
import { assembleModule, F32, F64, f32bytes, I32, memoryImport, name, OP, sleb, uleb, vec } from './wasmAsm';
import { PerMemory } from './wasmInstances';

const BIN: Record<string, number> = { '+': OP.f32add, '-': OP.f32sub, '*': OP.f32mul, '/': OP.f32div };
const FN: Record<string, number> = { sqrt: OP.f32sqrt, abs: OP.f32abs, min: OP.f32min, max: OP.f32max };

/** Compiles one expression (the loopCode.ts grammar) to f32 stack code over named locals. */
function exprCode(src: string, local: (name: string) => number): number[] {
  const tokens = src.match(/[A-Za-z_]\w*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|[-+*/(),<>]/g) ?? [];
  let k = 0;
  const peek = () => tokens[k];
  const take = () => tokens[k++];
  const primary = (): number[] => {
    const t = take();
    if (t === '(') {
      const e = cmp();
      take();
      return e;
    }
    if (t === '-') return [...primary(), OP.f32neg];
    if (/^\d/.test(t)) return [OP.f32c, ...f32bytes(Number(t))];
    if (peek() !== '(') return [OP.get, ...uleb(local(t))];
    take();
    const args = [cmp()];
    while (peek() === ',') {
      take();
      args.push(cmp());
    }
    take();
    const op = FN[t];
    if (op === undefined) throw new Error(`wasm kernel: unknown function '${t}'`);
    return [...args.flat(), op];
  };
  const binary = (ops: Record<string, number>, next: () => number[]) => (): number[] => {
    let a = next();
    while (peek() in ops) {
      const op = ops[take()];
      a = [...a, ...next(), op];
    }
    return a;
  };
  const mul = binary({ '*': BIN['*'], '/': BIN['/'] }, primary);
  const add = binary({ '+': BIN['+'], '-': BIN['-'] }, mul);
  const cmp = binary({ '<': OP.f32lt, '>': OP.f32gt }, add);
  const out = cmp();
  if (k !== tokens.length) throw new Error(`wasm kernel: cannot read '${src}'`);
  return out;
}

/** The module's bytes for one variant. Params: 11 i32 (see header); returns f64. */
export function wasmModuleBytes(spec: KernelSpec, slots: string[], shared: boolean): Uint8Array<ArrayBuffer> {
  const P = { n: 0, G: 1, P: 2, S: 3, P1: 4, S1: 5, U: 6, Q: 7, first: 8, stride: 9, base: 10 };
  const i32Locals = ['i', 'addr', 'next', 'j', 'cnt', 'count'];
  const f32Names: string[] = [...spec.uniforms, 'g', 'p', ...slots, 'd'];
  const lets = spec
    .body(slots)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => {
      const m = /^let (\w+) = (.+);$/.exec(l);
      if (!m) throw new Error(`wasm kernel: not a 'let x = …;' statement: '${l}'`);
      return { name: m[1], expr: m[2] };
    });
  for (const l of lets) if (!f32Names.includes(l.name)) f32Names.push(l.name);
  const base = 11;
  const idx = new Map<string, number>();
  i32Locals.forEach((n, k) => {
    idx.set(`$${n}`, base + k);
  });
  const f32Base = base + i32Locals.length;
  f32Names.forEach((n, k) => {
    idx.set(n, f32Base + k);
  });
  const ddIdx = f32Base + f32Names.length;
  const L = (n: string) => {
    const i = idx.get(n);
    if (i === undefined) throw new Error(`wasm kernel: unknown name '${n}'`);
    return i;
  };
  const get = (n: string | number) => [OP.get, ...uleb(typeof n === 'number' ? n : L(n))];
  const set = (n: string | number) => [OP.set, ...uleb(typeof n === 'number' ? n : L(n))];
  const i32 = (x: number) => [OP.i32c, ...sleb(x)];
  const load = (offset: number) => [OP.f32load, 2, ...uleb(offset)];
  const store = (offset: number) => [OP.f32store, 2, ...uleb(offset)];
  const c: number[] = [];
  spec.uniforms.forEach((u, k) => {
    c.push(...get(P.U), ...load(4 * k), ...set(u));
  });
  c.push(...get(P.U), ...load(4 * spec.uniforms.length), OP.i32truncf32u, ...set('$count'));
  c.push(...get(P.first), ...set('$next'), ...get(P.base), ...set('$j'));
  c.push(OP.block, OP.void, OP.loop, OP.void);
  c.push(...get('$i'), ...get(P.n), OP.i32geu, OP.brIf, 1);
  c.push(...get('$i'), ...i32(4), OP.i32mul, ...set('$addr'));
  const at = (ptr: number, row = 0) => [
    ...get(ptr),
    ...get('$addr'),
    OP.i32add,
    ...(row > 0 ? [...get(P.n), ...i32(4 * row), OP.i32mul, OP.i32add] : []),
  ];
  c.push(...at(P.G), ...load(0), ...set('g'), ...at(P.P), ...load(0), ...set('p'));
  slots.forEach((s, k) => {
    c.push(...at(P.S, k), ...load(0), ...set(s));
  });
  for (const l of lets) c.push(...exprCode(l.expr, L), ...set(l.name));
  c.push(...at(P.P1), ...get('p1'), ...store(0));
  slots.forEach((s, k) => {
    c.push(...at(P.S1, k), ...get(`${s}1`), ...store(0));
  });
  c.push(...get('p1'), ...get('p'), OP.f32sub, ...set('d'));
  c.push(...get(ddIdx), ...get('d'), ...get('d'), OP.f32mul, OP.f64promote, OP.f64add, ...set(ddIdx));
  if (spec.fraction) {
    c.push(
      ...exprCode(spec.fraction.expr, L),
      OP.if,
      OP.void,
      ...get('$cnt'),
      ...i32(1),
      OP.i32add,
      ...set('$cnt'),
      OP.end,
    );
  }
  const sample = spec.sample ?? [];
  if (sample.length > 0) {
    c.push(...get('$i'), ...get('$next'), OP.i32eq, OP.if, OP.void);
    sample.forEach((e, k) => {
      // Q + 4·(k·count + j)
      c.push(
        ...get(P.Q),
        ...get('$count'),
        ...i32(k),
        OP.i32mul,
        ...get('$j'),
        OP.i32add,
        ...i32(4),
        OP.i32mul,
        OP.i32add,
      );
      c.push(...get(e), ...store(0));
    });
    c.push(...get('$j'), ...i32(1), OP.i32add, ...set('$j'));
    c.push(...get('$next'), ...get(P.stride), OP.i32add, ...set('$next'), OP.end);
  }
  c.push(...get('$i'), ...i32(1), OP.i32add, ...set('$i'), OP.br, 0, OP.end, OP.end);
  // The fraction's count, as f32, at Q[-1].
  c.push(
    ...get(P.Q),
    ...i32(4),
    0x6b /* i32.sub */,
    ...get('$cnt'),
    0xb3 /* f32.convert_i32_u */,
    ...store(0),
  );
  c.push(...get(ddIdx), OP.end);
  const locals = vec([
    [...uleb(i32Locals.length), I32],
    [...uleb(f32Names.length), F32],
    [1, F64],
  ]);
  const body = [...locals, ...c];
  const type = [0x60, ...vec(Array.from({ length: 11 }, () => [I32])), 1, F64];
  return assembleModule({
    types: [type],
    imports: [memoryImport(shared)],
    funcs: [0],
    exports: [[...name('step'), 0x00, 0]],
    bodies: [[...uleb(body.length), ...body]],
  });
}

export type WasmStep = (...args: number[]) => number;

const cache = new PerMemory<WasmStep>();

/** The compiled step of a variant bound to this memory (cached). */
export function wasmStepFor(spec: KernelSpec, slots: string[], memory: WebAssembly.Memory): WasmStep {
  return cache.get(memory, `${spec.id}:${slots.join(',')}`, (shared) => {
    const mod = new WebAssembly.Module(wasmModuleBytes(spec, slots, shared));
    return new WebAssembly.Instance(mod, { env: { memory } }).exports.step as WasmStep;
  });
}
