/**
 * The open preset: its claim and source, progress while the worker runs every experiment and
 * seed, then each row — ours (mean ± std) beside the paper's number — and the verdict.
 */
import { presetById, presetLink } from '../../core/presets/catalog';
import { formatMeanStd } from '../../core/presets/verdict';
import { useFair } from './fairStore';

export function PresetPanel() {
  const state = useFair((s) => s.preset);
  if (!state) return null;
  const preset = presetById(state.id);
  if (!preset) return null;
  const r = state.result;
  const link = presetLink(preset, window.location.href);
  return (
    <section className="panel preset-panel" aria-labelledby="preset-h" data-testid="preset-panel">
      <div className="chart-head">
        <h2 id="preset-h">Preset: {preset.title}</h2>
        <span className="spacer" />
        <a href={link} data-testid="preset-link">
          Link to this preset
        </a>
        <button type="button" className="small" onClick={() => useFair.setState({ preset: null })}>
          Close
        </button>
      </div>
      <p>{preset.claim}</p>
      <p className="hint">
        {preset.paper}. {preset.reduced}
      </p>
      {state.running && (
        <p data-testid="preset-progress">
          <progress value={state.progress} max={1} /> {state.text}
        </p>
      )}
      {state.error && <p className="error">{state.error}</p>}
      {r && (
        <>
          <table className="preset-table" data-testid="preset-table">
            <thead>
              <tr>
                <th>row</th>
                <th>ours (mean ± std, {r.rows[0]?.seeds.length ?? 0} seeds)</th>
                <th>paper</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => (
                <tr key={row.label}>
                  <td>{row.label}</td>
                  <td className="num">{formatMeanStd(row)}</td>
                  <td className="num">{row.paper ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p data-testid="preset-verdict" className={`verdict verdict-${r.verdict.replace(' ', '-')}`}>
            Verdict: <strong>{r.verdict}</strong>
          </p>
          <ul className="hint">
            {r.reasons.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </>
      )}
      <p className="hint">
        <strong>Look for.</strong> {preset.lookFor}
        {preset.experiments.length > 1 &&
          ` The charts show the first experiment (${preset.experiments[0].label}); the table covers all ${preset.experiments.length}.`}
      </p>
    </section>
  );
}
