/**
 * Where the "fused kernels" switch applies, and what it is called there. Fused kernels run on
 * WebGPU (WGSL) and wasm (generated WebAssembly); the cpu kernel is a generated JavaScript loop,
 * which the page's security policy (no JS eval, README "Limits, verification and security")
 * refuses, so in the page cpu always runs plain ops and is offered no switch. When the worker
 * has reported what the backend can do (KernelsInfo.available), that answer wins.
 */
import type { KernelsInfo } from '../../core/run/types';

const NAMES: Record<string, string> = { webgpu: 'WebGPU', wasm: 'wasm', cpu: 'cpu' };

export interface FusedOffer {
  /** The switch's label, e.g. "fused WebGPU kernels". */
  label: string;
  /** Its tooltip: what the switch changes on this backend. */
  title: string;
}

export function fusedOffer(backend: string | undefined, kernels: KernelsInfo | null): FusedOffer | null {
  if (!backend || !(backend in NAMES)) return null;
  const available = kernels?.available ?? backend !== 'cpu';
  if (!available) return null;
  const name = NAMES[backend];
  return {
    label: `fused ${name} kernels`,
    title:
      backend === 'webgpu'
        ? 'Run each hand-designed rule as one fused WGSL kernel per tensor per step; off: plain tfjs ops'
        : `Run each hand-designed rule as one fused ${name} kernel per step (one pass over memory); off: plain tfjs ops`,
  };
}
