/**
 * The unroll paths of BPTT meta-training (docs/algorithms.md §8; docs/meta-training-profile.md),
 * pure data (the UI reads it):
 *   autodiff — the learned optimizer's own tfjs ops, differentiated by tfjs;
 *   lean     — the same math from custom-gradient nodes with hand-written backward passes
 *              (src/core/meta/lean/), tfjs ops inside;
 *   fused    — the lean step whose nodes run as WGSL kernels on the webgpu backend
 *              (src/core/meta/fused/). On any other backend 'fused' runs the lean path and
 *              says so (`pathInUse`): never a silent difference.
 */
export const UNROLL_PATHS = ['autodiff', 'lean', 'fused'] as const;
export type UnrollPath = (typeof UNROLL_PATHS)[number];

export interface PathInUse {
  requested: UnrollPath;
  /** What runs on this backend. */
  running: UnrollPath;
  /** Why `running` differs from `requested` (null when it does not). */
  note: string | null;
}

/** The path that runs for `requested` on the tfjs backend `backend`. */
export function pathInUse(requested: UnrollPath, backend: string): PathInUse {
  if (requested === 'fused' && backend !== 'webgpu')
    return {
      requested,
      running: 'lean',
      note: `path fused needs the webgpu backend (active: ${backend}): running the lean path`,
    };
  return { requested, running: requested, note: null };
}

/** A short label for the UI and logs: 'fused (WGSL)', 'lean (fused needs WebGPU)', … */
export function pathLabel(p: PathInUse): string {
  if (p.note) return `${p.running} (${p.requested} needs WebGPU)`;
  return p.running === 'fused' ? 'fused (WGSL)' : p.running;
}
