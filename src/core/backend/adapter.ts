/**
 * Inspect the WebGPU adapter without tfjs: is there one, and is it a software (fallback)
 * adapter such as SwiftShader? A software adapter is ~50× slower than wasm (docs/environment.md), so
 * "auto" must not pick WebGPU on it. Touches only navigator.gpu (no DOM).
 */

export interface AdapterReport {
  available: boolean;
  software: boolean;
  description: string;
  why?: string;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: AdapterInfoLike;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(opts?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

export async function inspectWebGpuAdapter(): Promise<AdapterReport> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return { available: false, software: false, description: '', why: 'navigator.gpu is missing' };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { available: false, software: false, description: '', why: `requestAdapter failed: ${String(e)}` };
  }
  if (!adapter) return { available: false, software: false, description: '', why: 'no WebGPU adapter' };
  let info: AdapterInfoLike = adapter.info ?? {};
  if (!adapter.info && adapter.requestAdapterInfo) {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = {};
    }
  }
  const description = [info.vendor, info.architecture, info.device, info.description]
    .filter((s) => s && s.length > 0)
    .join(' ');
  const software =
    adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || SOFTWARE_NAMES.test(description);
  return { available: true, software, description: description || 'unknown adapter' };
}
