/** A small chart of scalar probes: one line per (run, probe), log-y when all values are positive. */
import { useMemo } from 'react';
import { useLivePoints } from '../hooks/useLivePoints';
import { useThrottledVersion } from '../hooks/useThrottledVersion';
import { column, hasNonPositive } from '../lib/chartRows';
import { decimateIndicesBy, type Extremes, scanExtremes } from '../lib/decimate';
import { cachedExtremes, cachedNonPositive } from '../lib/seriesCache';
import { niceDomain, seriesDomain } from '../lib/seriesDomain';
import { PngButton } from '../share/PngButton';
import { series } from '../store/series';
import type { FastSeries } from './FastLines';
import { StepPanel } from './StepPanel';

export interface ProbeLine {
  run: number;
  probe: string;
  /** Column of a multi-column probe (default 0). */
  col?: number;
  label: string;
  color: string;
  dashed?: boolean;
}

export function ProbeChart(props: { title: string; lines: ProbeLine[]; logY?: boolean; testId?: string }) {
  const version = useThrottledVersion(1000);
  const maxPoints = useLivePoints(400, 1000);
  // The curves depend on which probes of which runs in which colours, not on the labels
  // (a slider changes "#1 Adam lr=…" on every move in instant mode).
  const drawKey = props.lines
    .map((l) => [l.run, l.probe, l.col ?? 0, l.color, l.dashed ?? false].join(':'))
    .join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawKey stands for props.lines' drawn part
  const model = useMemo(() => {
    void version;
    void drawKey;
    const values: { line: ProbeLine; ys: ArrayLike<number>; ext: Extremes; nonPos: boolean }[] = [];
    let n = 0;
    for (const line of props.lines) {
      const p = series.runs[line.run]?.probes.get(line.probe);
      if (!p) continue;
      const v = p.buf.view();
      // Scalar probes use the per-buffer caches (only new values scanned); columns are copied.
      const one = p.width === 1;
      const ys = one ? v : column(v, p.width, line.col ?? 0);
      const ext = one ? cachedExtremes(p.buf) : scanExtremes(ys);
      values.push({ line, ys, ext, nonPos: one ? cachedNonPositive(p.buf) : hasNonPositive(ys) });
      n = Math.max(n, ys.length);
    }
    const logY = (props.logY ?? true) && !values.some((c) => c.nonPos);
    const xs = decimateIndicesBy(
      values.map((v) => v.ext),
      n,
      maxPoints,
    );
    const lines: FastSeries[] = values.map(({ line, ys }, k) => ({
      key: `p${k}`,
      xs,
      ys,
      color: line.color,
      width: 1.5,
      dash: line.dashed ? '5 3' : undefined,
    }));
    const domain = seriesDomain(
      values.map((v) => v.ys),
      xs,
      logY,
    );
    return { lines, values, logY, domain: domain && niceDomain(domain, logY), n };
  }, [version, drawKey, props.logY, maxPoints]);
  const [y0, y1] = model.domain ?? (model.logY ? [0.1, 10] : [0, 1]);
  const yDomain = useMemo((): [number, number] => [y0, y1], [y0, y1]);
  return (
    <section className="panel chart small" aria-label={props.title} data-testid={props.testId}>
      <div className="chart-head">
        <h3>{props.title}</h3>
        <PngButton
          name={props.testId ?? props.title}
          legend={props.lines.map((l) => ({ label: l.label, color: l.color }))}
        />
      </div>
      <StepPanel
        lines={model.lines}
        entries={model.values.map((v) => ({
          label:
            props.lines.find((l) => l.run === v.line.run && l.probe === v.line.probe && l.col === v.line.col)
              ?.label ?? v.line.label,
          color: v.line.color,
          ys: v.ys,
        }))}
        logY={model.logY}
        domain={yDomain}
        n={model.n}
        dataLines={model.lines.length}
      />
    </section>
  );
}
