/**
 * Series drawn as one SVG path each, inside a recharts chart, using the chart's own axis
 * scales. recharts' <Line> builds an object per point through its selector store, which costs
 * ~0.1 ms per point on a slow machine; a plain path keeps a live 8-run redraw short.
 */
import { useId } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { bandData, type FastBand, type FastSeries, pathData } from '../lib/paths';

export type { FastBand, FastSeries };

export function FastLines(props: { series: FastSeries[]; bands?: FastBand[]; logY: boolean }) {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  const area = usePlotArea();
  const clip = useId().replace(/:/g, '');
  if (!sx || !sy || !area) return null;
  return (
    <g className="fast-lines">
      <defs>
        <clipPath id={clip}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        {props.bands?.map((b) => (
          <path
            key={b.key}
            data-band={b.key}
            d={bandData(
              b,
              (v) => sx(v),
              (v) => sy(v),
              props.logY,
            )}
            fill={b.color}
            fillOpacity={b.opacity ?? 0.15}
            stroke="none"
          />
        ))}
        {props.series.map((s) => (
          <path
            key={s.key}
            data-series={s.key}
            className="fast-line"
            d={pathData(
              s.xs,
              s.ys,
              (v) => sx(v),
              (v) => sy(v),
              props.logY,
            )}
            fill="none"
            stroke={s.color}
            strokeWidth={s.width ?? 2}
            strokeOpacity={s.opacity ?? 1}
            strokeDasharray={s.dash}
            strokeLinejoin="round"
          />
        ))}
      </g>
    </g>
  );
}
