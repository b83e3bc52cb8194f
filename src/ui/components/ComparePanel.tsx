/** The comparison view: controls on the left, charts on the right (hide=controls: the run bar only, above the charts). */

import { ContourMap, hasContourMap } from '../charts/ContourMap';
import { DecisionBoundary, hasDecisionMap } from '../charts/DecisionBoundary';
import { LossChart } from '../charts/LossChart';
import { ProbeCharts } from '../charts/ProbeCharts';
import { OptimizerList } from '../controls/OptimizerList';
import { RunControls } from '../controls/RunControls';
import { RunSettings } from '../controls/RunSettings';
import { TaskPicker } from '../controls/TaskPicker';
import { useHidden } from '../embed/embedStore';
import { PresetPanel } from '../fair/PresetPanel';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { Notice } from './Notice';

export function ComparePanel() {
  const taskId = useSpec((s) => s.spec.task.id);
  const error = useRun((s) => s.error);
  const noControls = useHidden('controls');
  return (
    <div className={noControls ? 'compare no-controls' : 'compare'}>
      <aside className="sidebar" aria-label="Experiment settings">
        <RunControls />
        {!noControls && (
          <>
            <section className="panel" aria-label="Run settings">
              <RunSettings />
            </section>
            <TaskPicker />
            <OptimizerList />
          </>
        )}
      </aside>
      <div className="charts">
        {error && <Notice key={error} title="Training error" kind="error" lines={[error]} />}
        <PresetPanel />
        <div className={hasContourMap(taskId) || hasDecisionMap(taskId) ? 'charts-top two' : 'charts-top'}>
          <LossChart />
          {hasContourMap(taskId) && <ContourMap />}
          {hasDecisionMap(taskId) && <DecisionBoundary />}
        </div>
        <ProbeCharts />
      </div>
    </div>
  );
}
