/**
 * LHOPT's schedule, live, for one run: the hyperparameters its policy chose at each step
 * (probes hyper.lr, hyper.eps, hyper.weightDecay on a log axis; hyper.beta1, hyper.beta2;
 * hyper.clip, the gradient-clip fraction of the rolling max), drawn under the loss chart.
 * They change every outer step (a step function); see docs/algorithms.md §5.
 */
import { useMemo } from 'react';
import { ProbeChart, type ProbeLine } from './ProbeChart';

const SCALES: { probe: string; label: string; color: string }[] = [
  { probe: 'hyper.lr', label: 'lr', color: '#1f77b4' },
  { probe: 'hyper.eps', label: 'ε', color: '#ff7f0e' },
  { probe: 'hyper.weightDecay', label: 'weight decay', color: '#2ca02c' },
];
const BETAS: { probe: string; label: string; color: string }[] = [
  { probe: 'hyper.beta1', label: 'β1', color: '#d62728' },
  { probe: 'hyper.beta2', label: 'β2', color: '#9467bd' },
];

export function ScheduleChart(props: { run: number; label: string }) {
  const lines = useMemo(() => {
    const of = (xs: typeof SCALES): ProbeLine[] =>
      xs.map((x) => ({ run: props.run, probe: x.probe, label: x.label, color: x.color }));
    return {
      scales: of(SCALES),
      betas: of(BETAS),
      clip: [{ run: props.run, probe: 'hyper.clip', label: 'clip fraction', color: '#8c564b' }],
    };
  }, [props.run]);
  return (
    <section
      className="panel chart"
      aria-label={`LHOPT schedule, ${props.label}`}
      data-testid="schedule-chart"
    >
      <h2>LHOPT schedule · {props.label}</h2>
      <div className="probe-grid">
        <ProbeChart title="lr, ε, weight decay" lines={lines.scales} testId="schedule-scales" />
        <ProbeChart title="β1, β2" lines={lines.betas} logY={false} testId="schedule-betas" />
        <ProbeChart
          title="Clip fraction (of the rolling max ‖g‖)"
          lines={lines.clip}
          logY={false}
          testId="schedule-clip"
        />
      </div>
    </section>
  );
}
