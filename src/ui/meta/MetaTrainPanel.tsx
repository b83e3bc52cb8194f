/**
 * Meta-train tab: pick a learned optimizer and its training task, set the recipe, then train
 * in a dedicated worker with a live meta-loss chart, periodic evaluation against Adam on fresh
 * runs, progress with ETA, pause / resume / stop, and save / export / import of the weights.
 * Layout only; the parts live beside this file. Talks to the worker only through metaClient.ts
 * (no tfjs here).
 */
import { EvalChart } from './EvalChart';
import { MetaControls } from './MetaControls';
import { MetaLossChart } from './MetaLossChart';
import { useMeta } from './metaStore';
import { PpoHistoryChart } from './PpoHistoryChart';
import { PpoStats } from './PpoStats';
import { RecipeForm } from './RecipeForm';
import { WeightsStorage } from './WeightsStorage';

export function MetaTrainPanel() {
  const error = useMeta((s) => s.error);
  const backend = useMeta((s) => s.backend);
  const ppo = useMeta((s) => s.form.recipe.trainer === 'ppo');
  return (
    <div className="compare meta">
      <aside className="sidebar" aria-label="Meta-training settings">
        <MetaControls />
        <RecipeForm />
        <WeightsStorage />
      </aside>
      <div className="charts">
        {backend && (
          <p className="hint">
            backend: {backend.name} — {backend.reason}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <PpoStats />
        {ppo ? <PpoHistoryChart /> : <MetaLossChart />}
        <EvalChart />
      </div>
    </div>
  );
}
