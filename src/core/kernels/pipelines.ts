/**
 * Compiled compute pipelines of the fused kernels, cached per GPU device and variant: the
 * per-tensor step kernel of a rule (rule id + state slots) and the rule's finish kernel
 * (probes, finishShader.ts). `pipelineFor` / `finishPipelineFor` compile synchronously on
 * first use; `compilePipelineAsync` compiles both ahead of time (warm-up) without blocking.
 */
import { buildFinishShader, type FinishLayout } from './finishShader';
import type { GpuDevice, GpuPipeline } from './gpu';
import { buildShader, layoutOf, type ShaderLayout } from './shader';
import type { KernelSpec } from './specs';

interface Entry {
  label: string;
  code: () => string;
  pipeline?: GpuPipeline;
  pending?: Promise<GpuPipeline>;
}

const caches = new WeakMap<GpuDevice, Map<string, Entry>>();

function entryFor(device: GpuDevice, key: string, label: string, code: () => string): Entry {
  let cache = caches.get(device);
  if (!cache) {
    cache = new Map();
    caches.set(device, cache);
  }
  let entry = cache.get(key);
  if (!entry) {
    entry = { label, code };
    cache.set(key, entry);
  }
  return entry;
}

function descriptor(device: GpuDevice, e: Entry): object {
  const module = device.createShaderModule({ code: e.code(), label: e.label });
  return { label: e.label, layout: 'auto', compute: { module, entryPoint: 'main' } };
}

function compileNow(device: GpuDevice, e: Entry): GpuPipeline {
  // Not compiled yet (or an async compile is still running): compile synchronously.
  e.pipeline ??= device.createComputePipeline(descriptor(device, e));
  return e.pipeline;
}

function compileAsync(device: GpuDevice, e: Entry): Promise<void> {
  if (e.pipeline) return Promise.resolve();
  e.pending ??= device.createComputePipelineAsync(descriptor(device, e)).then((p) => {
    e.pipeline ??= p;
    return p;
  });
  return e.pending.then(() => undefined);
}

function stepEntry(device: GpuDevice, spec: KernelSpec, slots: string[]): Entry {
  return entryFor(device, `step:${spec.id}:${slots.join(',')}`, `fused-${spec.id}`, () =>
    buildShader(spec, layoutOf(spec, slots)),
  );
}

/** The finish kernel's layout for a rule. */
export function finishLayoutOf(spec: KernelSpec): FinishLayout {
  return { nReduced: spec.fraction ? 2 : 1, nSample: spec.sample?.length ?? 0 };
}

function finishEntry(device: GpuDevice, l: FinishLayout): Entry {
  return entryFor(
    device,
    `finish:${l.nReduced}:${l.nSample}`,
    `fused-finish-${l.nReduced}-${l.nSample}`,
    () => buildFinishShader(l),
  );
}

/** The step pipeline and its layout, compiling now if it is not ready. */
export function pipelineFor(
  device: GpuDevice,
  spec: KernelSpec,
  slots: string[],
): { pipeline: GpuPipeline; layout: ShaderLayout } {
  return { pipeline: compileNow(device, stepEntry(device, spec, slots)), layout: layoutOf(spec, slots) };
}

/** The finish pipeline of a rule (or of a layout), compiling now if it is not ready. */
export function finishPipelineFor(device: GpuDevice, spec: KernelSpec | FinishLayout): GpuPipeline {
  const layout = 'id' in spec ? finishLayoutOf(spec) : spec;
  return compileNow(device, finishEntry(device, layout));
}

/** Any other kernel of this folder by a unique key (e.g. a learned optimizer's step). */
export function pipelineForCode(
  device: GpuDevice,
  key: string,
  label: string,
  code: () => string,
): GpuPipeline {
  return compileNow(device, entryFor(device, `code:${key}`, label, code));
}

/** Start (or join) asynchronous compiles of this variant's step and finish pipelines. */
export function compilePipelineAsync(device: GpuDevice, spec: KernelSpec, slots: string[]): Promise<void> {
  return Promise.all([
    compileAsync(device, stepEntry(device, spec, slots)),
    compileAsync(device, finishEntry(device, finishLayoutOf(spec))),
  ]).then(() => undefined);
}

/** The WGSL of a variant (for tests and debugging). */
export function shaderSource(spec: KernelSpec, slots: string[]): string {
  return buildShader(spec, layoutOf(spec, slots));
}
