/** Unhandled errors (ui/faults.ts), shown as a dismissible message. */
import { useFaults } from '../faults';

export function FaultNotice() {
  const lines = useFaults((s) => s.lines);
  const clear = useFaults((s) => s.clear);
  if (lines.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="fault-notice">
      <div className="notice-head">
        <strong>Something went wrong (the page keeps working)</strong>
        <button type="button" className="icon" aria-label="Dismiss message" onClick={clear}>
          ×
        </button>
      </div>
      <ul>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
