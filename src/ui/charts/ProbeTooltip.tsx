/** Tooltip for probe charts: every listed series' value at the hovered step. */
import { fmt } from '../lib/logSlider';

export interface ProbeTooltipEntry {
  label: string;
  color: string;
  ys: ArrayLike<number>;
}

export function ProbeTooltip(props: {
  active?: boolean;
  label?: number | string;
  entries: ProbeTooltipEntry[];
}) {
  if (!props.active || props.label === undefined) return null;
  const step = Number(props.label);
  return (
    <div className="tooltip">
      <div className="tooltip-title">step {step}</div>
      <table>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.label}>
              <td>
                <span className="swatch" style={{ background: e.color }} />
                {e.label}
              </td>
              <td className="num">{fmt(step < e.ys.length ? e.ys[step] : Number.NaN)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
