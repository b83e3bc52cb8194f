/**
 * WGSL text shared by the fused meta-training shaders (cellShaders.ts, hyperFwd.ts, hyperBwd.ts,
 * hyperGram.ts; docs/architecture.md "Meta-training").
 */

/** Storage-buffer declarations at bindings 1, 2, … (0 is the uniforms) in the order given. */
export function storage(buffers: Record<string, 'read' | 'read_write'>): string {
  return Object.entries(buffers)
    .map(([name, access], i) => `@group(0) @binding(${i + 1}) var<storage, ${access}> ${name}: array<f32>;`)
    .join('\n');
}
