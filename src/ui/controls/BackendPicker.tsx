/** Backend preference: auto or a forced tfjs backend. */
import { BACKENDS, type BackendPref } from '../../core/experiment/schema';
import { useSpec } from '../store/specStore';

export function BackendPicker() {
  const backend = useSpec((s) => s.spec.backend);
  const setBackend = useSpec((s) => s.setBackend);
  return (
    <label className="inline">
      Backend
      <select value={backend} onChange={(e) => setBackend(e.target.value as BackendPref)}>
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}
