/**
 * Streaming helpers of the training session (session.ts): the typed-array buffers of a frame,
 * listed for a zero-copy postMessage, and the chunk pacing that aims each frame at one display
 * interval while measuring steps per second.
 */
import type { Frame } from '../run/types';

/** Buffers of a frame, to transfer rather than copy. */
export function frameTransferables(frame: Frame): ArrayBuffer[] {
  const out: ArrayBuffer[] = frame.decision ? [frame.decision.probs.buffer as ArrayBuffer] : [];
  for (const r of frame.runs) {
    out.push(r.losses.buffer as ArrayBuffer);
    if (r.trajectory) out.push(r.trajectory.buffer as ArrayBuffer);
    for (const l of r.seedLosses ?? []) out.push(l.buffer as ArrayBuffer);
    for (const p of Object.values(r.probes)) out.push(p.values.buffer as ArrayBuffer);
  }
  return [...new Set(out)];
}

/** Chunk sizes so that one frame takes about `frameMs`; `rate` is steps/s over ~0.5 s windows. */
export class Pacer {
  rate = 0;
  private windowStart = performance.now();
  private windowSteps = 0;
  constructor(public frameMs: number) {}

  /** After a chunk of n steps that took dt ms: the next chunk's size. */
  next(n: number, dt: number): number {
    this.windowSteps += n;
    const elapsed = performance.now() - this.windowStart;
    if (elapsed > 500) {
      this.rate = (this.windowSteps * 1000) / elapsed;
      this.windowStart = performance.now();
      this.windowSteps = 0;
    } else if (this.rate === 0) this.rate = (n * 1000) / Math.max(dt, 1);
    const scale = Math.min(2, Math.max(0.5, this.frameMs / Math.max(dt, 0.1)));
    return Math.max(1, Math.min(2000, Math.round(n * scale)));
  }
}
