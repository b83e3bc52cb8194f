/** Crosshair tooltip: every run's loss at the hovered step (raw, and smoothed if on). */
import { colorOf } from '../lib/colors';
import { fmt } from '../lib/logSlider';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { runLabel } from './RunLegend';

export function LossTooltip(props: {
  active?: boolean;
  label?: number | string;
  smoothed?: (Float64Array | null)[];
}) {
  const optimizers = useSpec((s) => s.spec.optimizers);
  if (!props.active || props.label === undefined) return null;
  const step = Number(props.label);
  return (
    <div className="tooltip">
      <div className="tooltip-title">step {step}</div>
      <table>
        <tbody>
          {optimizers.map((o, i) => {
            const raw = series.runs[i]?.losses.at(step) ?? Number.NaN;
            const sm = props.smoothed?.[i]?.[step];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a run is identified by its position in spec.optimizers
              <tr key={`${i}-${o.id}`}>
                <td>
                  <span className="swatch" style={{ background: colorOf(o, i) }} />
                  {runLabel(o, i)}
                </td>
                <td className="num">{fmt(raw)}</td>
                {sm !== undefined && <td className="num faint">EMA {fmt(sm)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
