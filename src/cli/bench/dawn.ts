/**
 * WebGPU in Node through Dawn (npm `webgpu`), for the benchmark and the kernel tests.
 *
 * 1. Vulkan loader: Dawn dlopens `libvulkan.so.1`. When the system has none (no libvulkan1
 *    package), preload the copy Debian's chromium ships (/usr/lib/chromium) with RTLD_NODELETE,
 *    so Dawn's dlopen by soname finds it already loaded.
 * 2. Adapter: first whatever the Vulkan driver offers (a real GPU on a GPU machine). Only when
 *    VK_ICD_FILENAMES is unset and no adapter is found, point it at Chromium's SwiftShader ICD
 *    (a software Vulkan on the CPU) and ask again.
 * 3. Install Dawn's globals (GPUBufferUsage, …) and `navigator.gpu` for tfjs-backend-webgpu.
 */
import { existsSync } from 'node:fs';
import { constants } from 'node:os';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const CHROMIUM_VULKAN = '/usr/lib/chromium/libvulkan.so.1';
const RTLD_NODELETE = 0x1000;

export interface NodeWebGpu {
  ok: boolean;
  /** vendor / architecture / device / description of the adapter */
  adapter: string;
  software: boolean;
  /** what was done to get it (libvulkan preload, ICD), or why there is none */
  notes: string[];
}

/** Load a shared library by name or path and keep it loaded; returns an error text or null. */
function preload(lib: string): string | null {
  try {
    process.dlopen(
      { exports: {} },
      lib,
      constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE,
    );
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // Not a Node addon, but it is loaded (and stays loaded): that is all we need.
    return /self-register/i.test(msg) ? null : msg;
  }
}

interface AdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(o?: object): Promise<AdapterLike | null>;
}

function describe(a: AdapterLike): { text: string; software: boolean } {
  const info = a.info ?? {};
  const parts = ['vendor', 'architecture', 'device', 'description']
    .map((k) => info[k])
    .filter((s): s is string => typeof s === 'string' && s.length > 0);
  const text = parts.join(' ') || 'unknown adapter';
  const software =
    a.isFallbackAdapter === true ||
    info.isFallbackAdapter === true ||
    /swiftshader|llvmpipe|lavapipe/i.test(text);
  return { text, software };
}

let done: Promise<NodeWebGpu> | null = null;

/** Set up WebGPU once per process (idempotent). */
export function setupNodeWebGpu(): Promise<NodeWebGpu> {
  done ??= setup();
  return done;
}

async function setup(): Promise<NodeWebGpu> {
  const notes: string[] = [];
  if (process.platform === 'linux') {
    const sys = preload('libvulkan.so.1');
    if (sys !== null && existsSync(CHROMIUM_VULKAN)) {
      const err = preload(CHROMIUM_VULKAN);
      notes.push(err === null ? `libvulkan from ${CHROMIUM_VULKAN}` : `no libvulkan: ${err}`);
    }
  }
  let mod: { create(o: string[]): GpuLike; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (e) {
    return {
      ok: false,
      adapter: '',
      software: false,
      notes: [...notes, `npm 'webgpu' failed to load: ${String(e)}`],
    };
  }
  let gpu = mod.create([]);
  let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    notes.push(
      `no adapter from the system Vulkan drivers; VK_ICD_FILENAMES=${SWIFTSHADER_ICD} (SwiftShader)`,
    );
    gpu = mod.create([]);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  }
  if (!adapter) {
    return { ok: false, adapter: '', software: false, notes: [...notes, 'no WebGPU adapter'] };
  }
  Object.assign(globalThis, mod.globals);
  const nav = (globalThis as unknown as { navigator?: object }).navigator;
  if (nav) {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  const d = describe(adapter);
  return { ok: true, adapter: d.text, software: d.software, notes };
}
