/** Backend names in fallback order, and the report of which one is in use and why. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

export interface BackendInfo {
  /** The tfjs backend actually active. */
  name: BackendName;
  /** Human-readable reason it was chosen (and what failed before it, if anything). */
  reason: string;
  /** Backends tried and rejected before this one, with why. */
  rejected: { name: BackendName; why: string }[];
  /** WebGPU adapter description when one was seen (vendor/architecture/description). */
  adapter?: string;
}

/** The backends to try after `name` fails, in order. */
export function fallbacksAfter(name: BackendName): BackendName[] {
  return BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(name) + 1);
}
