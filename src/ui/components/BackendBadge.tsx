/** Shows which tfjs backend the worker uses and why, plus any fallback note. */
import { useRun } from '../store/runStore';

export function BackendBadge() {
  const backend = useRun((s) => s.backend);
  const pending = useRun((s) => s.backendPending);
  const note = useRun((s) => s.backendNote);
  const kernels = useRun((s) => s.kernels);
  const title = backend
    ? [
        backend.reason,
        ...backend.rejected.map((r) => `${r.name}: ${r.why}`),
        backend.adapter ? `adapter: ${backend.adapter}` : '',
      ]
        .filter(Boolean)
        .join('\n')
    : 'selecting a backend…';
  return (
    <div className="backend">
      <span
        className={`badge badge-${backend?.name ?? 'pending'}`}
        data-testid="backend-badge"
        title={title}
        aria-live="polite"
      >
        {pending || !backend ? 'backend…' : backend.name}
      </span>
      {backend && !pending && (
        <span className="backend-reason" data-testid="backend-reason">
          {backend.reason}
        </span>
      )}
      {backend?.name === 'webgpu' && kernels && (
        <span
          className="backend-reason"
          data-testid="kernels-path"
          title={
            kernels.path === 'fused'
              ? `hand-designed rules run as one fused WGSL kernel per tensor per step (pipelines compiled in ${kernels.warmUpMs} ms before the first step)`
              : 'hand-designed rules run as plain tfjs ops'
          }
        >
          {kernels.path === 'fused' ? '· fused kernels' : '· plain ops'}
        </span>
      )}
      {note && (
        <span className="backend-note" role="alert">
          {note}
        </span>
      )}
    </div>
  );
}
