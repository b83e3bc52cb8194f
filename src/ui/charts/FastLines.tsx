/**
 * Series drawn as one SVG path each, inside a recharts chart, using the chart's own axis
 * scales. recharts' <Line> builds an object per point through its selector store, which costs
 * ~0.1 ms per point on a slow machine; a plain path keeps a live 8-run redraw short. The path
 * strings are memoised on the series and the scales: recharts re-renders this layer for its
 * own reasons (tooltip, pointer, store updates) far more often than the data changes.
 */
import { useId, useMemo } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { bandData, type FastBand, type FastSeries, pathData } from '../lib/paths';

export type { FastBand, FastSeries };

export function FastLines(props: { series: FastSeries[]; bands?: FastBand[]; logY: boolean }) {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  const area = usePlotArea();
  const clip = useId().replace(/:/g, '');
  const { series, bands, logY } = props;
  const d = useMemo(() => {
    if (!sx || !sy) return null;
    const x = (v: number) => sx(v) as number;
    const y = (v: number) => sy(v) as number;
    return {
      bands: bands?.map((b) => bandData(b, x, y, logY)) ?? [],
      series: series.map((s) => pathData(s.xs, s.ys, x, y, logY)),
    };
  }, [series, bands, logY, sx, sy]);
  if (!sx || !sy || !area || !d) return null;
  return (
    <g className="fast-lines">
      <defs>
        <clipPath id={clip}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        {bands?.map((b, i) => (
          <path
            key={b.key}
            data-band={b.key}
            d={d.bands[i]}
            fill={b.color}
            fillOpacity={b.opacity ?? 0.15}
            stroke="none"
          />
        ))}
        {series.map((s, i) => (
          <path
            key={s.key}
            data-series={s.key}
            className="fast-line"
            d={d.series[i]}
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
