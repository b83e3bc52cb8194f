/**
 * WebGPU device loss (tfjs#8571: it happens on long runs). tfjs's webgpu backend keeps its
 * GPUDevice as `backend.device`; when its `lost` promise resolves, `onLost` is told why, so
 * the training loop can switch backend before the next step rather than after a hang.
 */
import * as tf from '@tensorflow/tfjs-core';

interface DeviceLike {
  lost?: Promise<{ message?: string; reason?: string }>;
}

export function watchDeviceLoss(onLost: (why: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  device?.lost?.then(
    (info) =>
      onLost(`WebGPU device lost${info?.reason ? ` (${info.reason})` : ''}: ${info?.message ?? ''}`.trim()),
    () => undefined,
  );
}
