/** Chart settings stored in the spec: log-y, log-x, smoothing. */
import { useId } from 'react';
import { useSpec } from '../store/specStore';

export function ChartSettingsBar() {
  const chart = useSpec((s) => s.spec.chart);
  const setChart = useSpec((s) => s.setChart);
  const smoothId = useId();
  return (
    <div className="chart-settings">
      <label className="inline">
        <input type="checkbox" checked={chart.logY} onChange={(e) => setChart({ logY: e.target.checked })} />
        log y
      </label>
      <label className="inline">
        <input type="checkbox" checked={chart.logX} onChange={(e) => setChart({ logX: e.target.checked })} />
        log x
      </label>
      <label className="inline" htmlFor={smoothId}>
        smoothing
      </label>
      <input
        id={smoothId}
        type="range"
        min={0}
        max={0.99}
        step={0.01}
        value={Math.min(0.99, chart.smoothing)}
        onChange={(e) => setChart({ smoothing: Number(e.target.value) })}
        aria-valuetext={chart.smoothing.toFixed(2)}
      />
      <span className="num">{chart.smoothing.toFixed(2)}</span>
    </div>
  );
}
