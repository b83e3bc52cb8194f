/**
 * The backend in use, as a small badge in the header. Why this backend (and what was rejected,
 * the adapter, fused kernels or plain ops) is in a popover opened by the badge (click, Enter or
 * hover via the title), not spelled out in the header. A fallback note stays visible.
 */
import { useState } from 'react';
import { useRun } from '../store/runStore';

export function BackendBadge() {
  const backend = useRun((s) => s.backend);
  const pending = useRun((s) => s.backendPending);
  const note = useRun((s) => s.backendNote);
  const kernels = useRun((s) => s.kernels);
  const [open, setOpen] = useState(false);
  // Fused kernels exist on webgpu (WGSL), wasm and cpu (one pass over the backend's memory).
  const fusable = backend?.name === 'webgpu' || backend?.name === 'wasm' || backend?.name === 'cpu';
  const kernelLine =
    fusable && kernels
      ? kernels.path === 'fused'
        ? backend?.name === 'webgpu'
          ? `hand-designed rules: one fused WGSL kernel per tensor per step (compiled in ${kernels.warmUpMs} ms)`
          : `hand-designed rules: one fused ${backend?.name} kernel per step (one pass over memory)`
        : kernels.available === false && backend?.name === 'cpu'
          ? "hand-designed rules: plain tfjs ops (the cpu fused kernel is generated JavaScript, which the page's security policy does not allow)"
          : 'hand-designed rules: plain tfjs ops'
      : '';
  const lines = backend
    ? [
        backend.reason,
        ...backend.rejected.map((r) => `${r.name} not used: ${r.why}`),
        backend.adapter ? `WebGPU adapter: ${backend.adapter}` : '',
        kernelLine,
      ].filter(Boolean)
    : ['selecting a backend…'];
  const label = pending || !backend ? 'backend…' : backend.name;
  return (
    <div className="backend">
      <button
        type="button"
        className={`badge badge-${backend?.name ?? 'pending'}`}
        data-testid="backend-badge"
        title={lines.join('\n')}
        aria-expanded={open}
        aria-controls="backend-why"
        aria-live="polite"
        onClick={() => setOpen((o) => !o)}
        onBlur={() => setOpen(false)}
      >
        {label}
      </button>
      {fusable && kernels && (
        <span className="backend-reason" data-testid="kernels-path">
          {kernels.path === 'fused' ? '· fused kernels' : '· plain ops'}
        </span>
      )}
      <div id="backend-why" className="popover" role="tooltip" hidden={!open} data-testid="backend-reason">
        {lines.map((l) => (
          <p key={l}>{l}</p>
        ))}
      </div>
      {note && (
        <span className="backend-note" role="alert">
          {note}
        </span>
      )}
    </div>
  );
}
