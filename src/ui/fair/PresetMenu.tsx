/** The Presets menu: pick a paper preset to load its experiment, run it, and compute its numbers. */
import { useEffect } from 'react';
import { PRESETS, presetIdOfHash } from '../../core/presets/catalog';
import { openPreset } from './fairClient';
import { useFair } from './fairStore';

let openedFromHash = false;

export function PresetMenu() {
  const current = useFair((s) => s.preset?.id ?? '');
  useEffect(() => {
    // A preset link (…#preset=<id>) opens the preset once the app has started.
    if (openedFromHash) return;
    openedFromHash = true;
    const id = presetIdOfHash(window.location.hash);
    if (id) setTimeout(() => void openPreset(id), 0);
  }, []);
  return (
    <label className="inline preset-menu">
      <span className="sr-only">Paper presets</span>
      <select
        value={current}
        onChange={(e) => {
          if (e.target.value) void openPreset(e.target.value);
        }}
        data-testid="preset-menu"
        title="Reproduce a paper's claim: loads and runs an experiment, then shows the paper's numbers beside ours"
      >
        <option value="">Presets…</option>
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
    </label>
  );
}
