/**
 * A kernel spec's per-coordinate body (specs.ts) compiled to a JavaScript loop over
 * Float32Arrays: the fused step of the wasm and cpu backends (hostFused.ts) and the bench's
 * plain-loop floor. The body is the same text the WGSL kernel is built from (shader.ts), so
 * the rule's per-coordinate math is written once for every backend.
 *
 * Every arithmetic result is rounded to float32 (Math.fround), as each tfjs op of the plain-ops
 * rule rounds its output: + − × ÷ and √ of float32 inputs computed in float64 then rounded
 * are exactly the float32 operations, so the loop reproduces the reference bit for bit (the
 * probes' sums aside, which are accumulated in float64). The uniforms arrive float32-rounded.
 *
 * The generated function, per tensor of n coordinates:
 *   (n, G, P, S, P1, S1, U, red, samples, first, stride, base) → void
 * reads g = G[i], θ = P[i], slot k = S[k·n + i]; writes θ′ = P1[i], slot k′ = S1[k·n + i];
 * adds Σ(θ′ − θ)² to red[0] and the fraction's count to red[1]; writes the sampled values at
 * coordinates first, first + stride, … to samples[k][base], samples[k][base + 1], ….
 */
import type { KernelSpec } from './specs';

const FUNCS: Record<string, (args: string[]) => string> = {
  sqrt: ([x]) => `$F(Math.sqrt(${x}))`,
  abs: ([x]) => `Math.abs(${x})`,
  min: ([a, b]) => `Math.min(${a}, ${b})`,
  max: ([a, b]) => `Math.max(${a}, ${b})`,
};

/** One body expression (WGSL subset: + − * / < >, unary −, parentheses, FUNCS) as float32 JS. */
export function exprToJs(src: string): string {
  const tokens = src.match(/[A-Za-z_]\w*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|[-+*/(),<>]/g) ?? [];
  if (tokens.join('') !== src.replace(/\s+/g, '')) throw new Error(`loop kernel: cannot read '${src}'`);
  let k = 0;
  const peek = () => tokens[k];
  const take = (want?: string) => {
    const t = tokens[k++];
    if (t === undefined || (want !== undefined && t !== want)) {
      throw new Error(`loop kernel: expected ${want ?? 'a term'} in '${src}'`);
    }
    return t;
  };
  const primary = (): string => {
    const t = take();
    if (t === '(') {
      const e = cmp();
      take(')');
      return e;
    }
    if (t === '-') return `(-${primary()})`;
    if (/^\d/.test(t)) return `$F(${t})`;
    if (peek() !== '(') return t;
    take('(');
    const args = [cmp()];
    while (peek() === ',') {
      take(',');
      args.push(cmp());
    }
    take(')');
    const f = FUNCS[t];
    if (!f) throw new Error(`loop kernel: unknown function '${t}' in '${src}'`);
    return f(args);
  };
  const binary = (ops: string[], next: () => string, round: boolean) => (): string => {
    let a = next();
    while (ops.includes(peek())) {
      const op = take();
      const b = next();
      a = round ? `$F(${a} ${op} ${b})` : `(${a} ${op} ${b})`;
    }
    return a;
  };
  const mul = binary(['*', '/'], primary, true);
  const add = binary(['+', '-'], mul, true);
  const cmp = binary(['<', '>'], add, false);
  const out = cmp();
  if (k !== tokens.length) throw new Error(`loop kernel: unexpected '${peek()}' in '${src}'`);
  return out;
}

/** The body's statements (`let x = expr;`) as JS `const`s. */
export function bodyToJs(body: string): string[] {
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => {
      const m = /^let (\w+) = (.+);$/.exec(l);
      if (!m) throw new Error(`loop kernel: not a 'let x = …;' statement: '${l}'`);
      return `const ${m[1]} = ${exprToJs(m[2])};`;
    });
}

export type LoopFn = (
  n: number,
  G: Float32Array,
  P: Float32Array,
  S: Float32Array | null,
  P1: Float32Array,
  S1: Float32Array | null,
  U: Float64Array,
  red: Float64Array,
  samples: Float64Array[],
  first: number,
  stride: number,
  base: number,
) => void;

/**
 * JS source of the loop of one variant (`probes` false: the bench's floor, no probe work).
 * The loop's own names start with `$`, which no body identifier can.
 */
export function loopSource(spec: KernelSpec, slots: string[], probes = true): string {
  const sample = probes ? (spec.sample ?? []) : [];
  const lines = [
    'const $F = Math.fround;',
    'return function fusedLoop($n, $G, $P, $S, $P1, $S1, $U, $red, $samples, $first, $stride, $base) {',
  ];
  spec.uniforms.forEach((u, k) => {
    lines.push(`  const ${u} = $U[${k}];`);
  });
  sample.forEach((_, k) => {
    lines.push(`  const $Q${k} = $samples[${k}];`);
  });
  lines.push('  let $dd = 0;', '  let $cnt = 0;', '  let $next = $first;', '  let $j = $base;');
  lines.push('  for (let $i = 0; $i < $n; $i++) {', '    const g = $G[$i];', '    const p = $P[$i];');
  slots.forEach((s, k) => {
    lines.push(`    const ${s} = $S[${k} * $n + $i];`);
  });
  for (const l of bodyToJs(spec.body(slots))) lines.push(`    ${l}`);
  lines.push('    $P1[$i] = p1;');
  slots.forEach((s, k) => {
    lines.push(`    $S1[${k} * $n + $i] = ${s}1;`);
  });
  if (probes) {
    // (θ′ − θ)² in float32 per coordinate, as optim/probes.ts updateNorm; summed in float64.
    lines.push('    const $d = $F(p1 - p);', '    $dd += $F($d * $d);');
    if (spec.fraction) lines.push(`    if (${exprToJs(spec.fraction.expr)}) $cnt++;`);
    if (sample.length > 0) {
      lines.push('    if ($i === $next) {');
      sample.forEach((e, k) => {
        lines.push(`      $Q${k}[$j] = ${e};`);
      });
      lines.push('      $j++;', '      $next += $stride;', '    }');
    }
  }
  lines.push('  }', '  $red[0] += $dd;', '  $red[1] += $cnt;', '};');
  return lines.join('\n');
}

const cache = new Map<string, LoopFn>();
let codegen: boolean | undefined;

/**
 * Whether this host may compile JavaScript at run time. The page's Content-Security-Policy
 * allows WebAssembly compilation but not JS eval (docs/architecture.md), so in the browser the
 * cpu backend's fused loop is unavailable and its rules run as plain ops; Node allows it.
 */
export function jsCodegenAllowed(): boolean {
  if (codegen === undefined) {
    try {
      codegen = typeof new Function('return 1') === 'function';
    } catch {
      codegen = false;
    }
  }
  return codegen;
}

/** The compiled loop of a variant (cached per rule, slots and probes). */
export function loopFor(spec: KernelSpec, slots: string[], probes = true): LoopFn {
  const key = `${spec.id}:${slots.join(',')}:${probes}`;
  let fn = cache.get(key);
  if (!fn) {
    // Generated from the spec's own body text (no user input reaches it).
    fn = new Function(loopSource(spec, slots, probes))() as LoopFn;
    cache.set(key, fn);
  }
  return fn;
}
