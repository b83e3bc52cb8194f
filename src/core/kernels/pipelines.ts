/**
 * Compiled compute pipelines of the fused kernels, cached per GPU device and variant
 * (rule id + state slots). `pipelineFor` compiles synchronously on first use;
 * `compilePipelineAsync` compiles ahead of time (warm-up) without blocking.
 */
import type { GpuDevice, GpuPipeline } from './gpu';
import { buildShader, layoutOf, type ShaderLayout } from './shader';
import type { KernelSpec } from './specs';

interface Entry {
  layout: ShaderLayout;
  pipeline?: GpuPipeline;
  pending?: Promise<GpuPipeline>;
}

const caches = new WeakMap<GpuDevice, Map<string, Entry>>();

function keyOf(spec: KernelSpec, slots: string[]): string {
  return `${spec.id}:${slots.join(',')}`;
}

function entryFor(
  device: GpuDevice,
  spec: KernelSpec,
  slots: string[],
): { entry: Entry; code: string | null } {
  let cache = caches.get(device);
  if (!cache) {
    cache = new Map();
    caches.set(device, cache);
  }
  const key = keyOf(spec, slots);
  const found = cache.get(key);
  if (found) return { entry: found, code: null };
  const layout = layoutOf(spec, slots);
  const entry: Entry = { layout };
  cache.set(key, entry);
  return { entry, code: buildShader(spec, layout) };
}

function descriptor(device: GpuDevice, spec: KernelSpec, code: string): object {
  const module = device.createShaderModule({ code, label: `fused-${spec.id}` });
  return { label: `fused-${spec.id}`, layout: 'auto', compute: { module, entryPoint: 'main' } };
}

/** The pipeline and its layout, compiling now if it is not ready. */
export function pipelineFor(
  device: GpuDevice,
  spec: KernelSpec,
  slots: string[],
): { pipeline: GpuPipeline; layout: ShaderLayout } {
  const { entry } = entryFor(device, spec, slots);
  if (!entry.pipeline) {
    // Not compiled yet (or an async compile is still running): compile synchronously.
    entry.pipeline = device.createComputePipeline(descriptor(device, spec, buildShader(spec, entry.layout)));
  }
  return { pipeline: entry.pipeline, layout: entry.layout };
}

/** Start (or join) an asynchronous compile of this variant. */
export function compilePipelineAsync(device: GpuDevice, spec: KernelSpec, slots: string[]): Promise<void> {
  const { entry, code } = entryFor(device, spec, slots);
  if (entry.pipeline) return Promise.resolve();
  if (!entry.pending) {
    const src = code ?? buildShader(spec, entry.layout);
    entry.pending = device.createComputePipelineAsync(descriptor(device, spec, src)).then((p) => {
      entry.pipeline ??= p;
      return p;
    });
  }
  return entry.pending.then(() => undefined);
}

/** The WGSL of a variant (for tests and debugging). */
export function shaderSource(spec: KernelSpec, slots: string[]): string {
  return buildShader(spec, layoutOf(spec, slots));
}
