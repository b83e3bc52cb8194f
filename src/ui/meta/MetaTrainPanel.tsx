/**
 * Meta-train tab: pick a learned optimizer and its training task, set the recipe (iterations,
 * unroll, meta-lr, meta-loss, tricks), then train in a dedicated worker with a live meta-loss
 * chart, periodic evaluation curves against Adam on fresh runs, progress with ETA, pause /
 * resume / stop, and save (IndexedDB) / export / import of the weights. Talks to the worker
 * only (metaClient.ts); no tfjs here.
 */
import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import {
  LEARNED,
  LEARNED_KINDS,
  type LearnedId,
  META_OBJECTIVES,
  parseRecipe,
  type Recipe,
} from '../../core/learned/catalog';
import { evalSettingsErrors } from '../../core/meta/startOptions';
import { ACTIVATIONS } from '../../core/tasks/catalog';
import { fmt } from '../lib/logSlider';
import { useSpec } from '../store/specStore';
import { call, refreshSaved } from './metaClient';
import { useMeta } from './metaStore';

const fmtTime = (s: number | null) =>
  s === null || !Number.isFinite(s) ? '–' : s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;

function NumberField(props: { label: string; value: number; step?: number; onChange: (v: number) => void }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        value={Number.isFinite(props.value) ? props.value : ''}
        step={props.step ?? 'any'}
        onChange={(e) => props.onChange(e.target.valueAsNumber)}
      />
    </label>
  );
}

function RecipeForm() {
  const { form, setForm, setRecipe, setKind } = useMeta();
  const r = form.recipe;
  const isMnist = r.task.id === 'mnist-mlp';
  return (
    <section className="panel" aria-label="Recipe">
      <label className="field">
        <span>learned optimizer</span>
        <select value={r.kind} onChange={(e) => setKind(e.target.value as LearnedId)}>
          {LEARNED_KINDS.map((k) => (
            <option key={k} value={k}>
              {LEARNED[k]?.label ?? k}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>training task</span>
        <select
          value={r.task.id}
          onChange={(e) =>
            setRecipe({
              task:
                e.target.value === 'mnist-mlp'
                  ? {
                      id: 'mnist-mlp',
                      options: { activation: 'sigmoid', width: 20, batchSize: 128, initStd: 0.1 },
                    }
                  : { id: 'dm-quadratic', options: { problems: 128 } },
            })
          }
        >
          <option value="mnist-mlp">MNIST MLP 784-20-10 (papers’ task)</option>
          <option value="dm-quadratic">DM quadratic (quick)</option>
        </select>
      </label>
      {isMnist && (
        <label className="field">
          <span>activation</span>
          <select
            value={String(r.task.options.activation ?? 'sigmoid')}
            onChange={(e) =>
              setRecipe({ task: { ...r.task, options: { ...r.task.options, activation: e.target.value } } })
            }
          >
            {ACTIVATIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
      )}
      <NumberField
        label="meta-iterations"
        value={r.iterations}
        step={10}
        onChange={(v) => setRecipe({ iterations: v })}
      />
      <NumberField
        label="steps per run"
        value={r.steps}
        step={10}
        onChange={(v) => setRecipe({ steps: v })}
      />
      <NumberField label="unroll" value={r.unroll} step={5} onChange={(v) => setRecipe({ unroll: v })} />
      <NumberField label="meta-lr (Adam on φ)" value={r.metaLr} onChange={(v) => setRecipe({ metaLr: v })} />
      <label className="field">
        <span>meta-loss</span>
        <select
          value={r.objective}
          onChange={(e) => setRecipe({ objective: e.target.value as Recipe['objective'] })}
        >
          {META_OBJECTIVES.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
      <NumberField
        label="random scaling r (0 = off)"
        value={r.tricks.randomScaling}
        onChange={(v) => setRecipe({ tricks: { ...r.tricks, randomScaling: v } })}
      />
      <label className="field checkbox">
        <input
          type="checkbox"
          checked={r.tricks.convexCombination}
          onChange={(e) => setRecipe({ tricks: { ...r.tricks, convexCombination: e.target.checked } })}
        />
        <span>convex-combination trick</span>
      </label>
      <NumberField label="seed" value={r.seed} step={1} onChange={(v) => setRecipe({ seed: v })} />
      <NumberField
        label="evaluate every N iterations"
        value={form.evalEvery}
        step={10}
        onChange={(v) => setForm({ evalEvery: v })}
      />
      <NumberField
        label="evaluation runs"
        value={form.evalRuns}
        step={1}
        onChange={(v) => setForm({ evalRuns: v })}
      />
      <NumberField label="Adam lr (baseline)" value={form.adamLr} onChange={(v) => setForm({ adamLr: v })} />
    </section>
  );
}

function Controls() {
  const { form, progress, reset } = useMeta();
  const parsed = useMemo(() => parseRecipe(form.recipe), [form.recipe]);
  const settingsErrors = evalSettingsErrors(form);
  const errors = [...(parsed.ok ? [] : parsed.errors), ...settingsErrors];
  const s = progress.state;
  const busy = s === 'running' || s === 'loading';
  const start = () => {
    if (!parsed.ok || settingsErrors.length > 0) return;
    reset();
    void call((a) =>
      a.start({
        recipe: parsed.value,
        evalEvery: form.evalEvery,
        evalRuns: form.evalRuns,
        adamLr: form.adamLr,
      }),
    );
  };
  const pct = progress.iterations > 0 ? (100 * progress.iteration) / progress.iterations : 0;
  return (
    <section className="panel" aria-label="Meta-training controls">
      <div className="row">
        <button type="button" onClick={start} disabled={busy || errors.length > 0}>
          Start
        </button>
        {s === 'paused' ? (
          <button type="button" onClick={() => void call((a) => a.resume())}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => void call((a) => a.pause())} disabled={s !== 'running'}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => void call((a) => a.stop())} disabled={!busy && s !== 'paused'}>
          Stop
        </button>
      </div>
      <progress max={100} value={pct} aria-label="meta-training progress" />
      <p className="status" data-testid="meta-status">
        {s} · iteration {progress.iteration}/{progress.iterations} · {fmtTime(progress.elapsed)} elapsed · ETA{' '}
        {fmtTime(progress.eta)}
        {progress.skipped > 0 && ` · ${progress.skipped} skipped (non-finite)`}
      </p>
      {errors.map((e) => (
        <p key={e} className="error">
          {e}
        </p>
      ))}
    </section>
  );
}

function MetaLossChart() {
  const losses = useMeta((s) => s.losses);
  const data = useMemo(() => {
    const stride = Math.max(1, Math.ceil(losses.length / 800));
    const out: { it: number; loss: number | null }[] = [];
    for (let i = 0; i < losses.length; i += stride) {
      out.push({ it: i + 1, loss: Number.isFinite(losses[i]) ? losses[i] : null });
    }
    return out;
  }, [losses]);
  return (
    <figure className="chart" aria-label="Meta-loss">
      <figcaption>Meta-loss per iteration (unroll)</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis dataKey="it" type="number" domain={['dataMin', 'dataMax']} stroke="var(--fg-muted)" />
          <YAxis
            scale="log"
            domain={['auto', 'auto']}
            allowDataOverflow
            width={64}
            tickFormatter={fmt}
            stroke="var(--fg-muted)"
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(it) => `iteration ${it}`} />
          <Line dataKey="loss" dot={false} isAnimationActive={false} stroke="#1f77b4" />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function EvalChart() {
  const evals = useMeta((s) => s.evals);
  const kind = useMeta((s) => s.form.recipe.kind);
  const last = evals[evals.length - 1];
  const data = useMemo(
    () => (last ? last.learned.map((l, t) => ({ t, learned: l, adam: last.adam[t] })) : []),
    [last],
  );
  if (!last)
    return (
      <p className="hint">Evaluation curves (learned vs Adam on fresh runs) appear every N iterations.</p>
    );
  return (
    <figure className="chart" aria-label="Evaluation">
      <figcaption>
        Evaluation at iteration {last.iteration}: training loss, mean of fresh runs — final {kind}{' '}
        {last.learnedFinal.toFixed(3)} vs Adam (lr {last.adamLr}) {last.adamFinal.toFixed(3)}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid stroke="var(--grid)" />
          <XAxis dataKey="t" type="number" stroke="var(--fg-muted)" />
          <YAxis
            scale="log"
            domain={['auto', 'auto']}
            allowDataOverflow
            width={64}
            tickFormatter={fmt}
            stroke="var(--fg-muted)"
          />
          <Tooltip formatter={(v) => fmt(Number(v))} labelFormatter={(t) => `step ${t}`} />
          <Legend />
          <Line dataKey="learned" name={kind} dot={false} isAnimationActive={false} stroke="#d62728" />
          <Line dataKey="adam" name="Adam" dot={false} isAnimationActive={false} stroke="#2ca02c" />
        </LineChart>
      </ResponsiveContainer>
      <ul className="evals">
        {evals.map((e) => (
          <li key={e.iteration}>
            iteration {e.iteration}: {e.learnedFinal.toFixed(3)} vs Adam {e.adamFinal.toFixed(3)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function download(name: string, data: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Add saved weights to the comparison and show the Compare tab. */
function raceIt(kind: string, name: string): void {
  const before = useSpec.getState().spec.optimizers.length;
  useSpec.getState().addLearned(kind, `local:${name}`);
  if (useSpec.getState().spec.optimizers.length === before) {
    useMeta.setState({ error: `race local:${name}: the comparison is full; remove an optimizer first` });
    return;
  }
  // The tabs keep their own state (components/Tabs.tsx): select Compare like a user would.
  const tab = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]')).find(
    (t) => t.textContent === 'Compare',
  );
  tab?.click();
}

function Storage() {
  const { saved, message } = useMeta();
  const [name, setName] = useState('my-optimizer');
  const [lastSaved, setLastSaved] = useState<{ name: string; kind: string } | null>(null);
  useEffect(() => {
    refreshSaved();
  }, []);
  const note = (m: string) => useMeta.setState({ message: m });
  const save = async () => {
    const info = await call((a) => a.saveLocal(name));
    if (info) {
      note(`saved as local:${info.name} (${info.kind}, ${info.metaIterations} meta-iterations)`);
      setLastSaved({ name: info.name, kind: info.kind });
      refreshSaved();
    }
  };
  const exportFiles = async () => {
    const f = await call((a) => a.exportFiles(name));
    if (!f) return;
    download(`${name}.json`, f.json, 'application/json');
    download(`${name}.bin`, f.bin, 'application/octet-stream');
  };
  const importFiles = async (files: FileList | null) => {
    const list = Array.from(files ?? []);
    const json = list.find((f) => f.name.endsWith('.json'));
    const bin = list.find((f) => !f.name.endsWith('.json'));
    if (!json || !bin) {
      useMeta.setState({ error: 'import: choose both files, <name>.json and its .bin' });
      return;
    }
    const info = await call(async (a) => a.importFiles(await json.text(), await bin.arrayBuffer()));
    if (info)
      note(`imported ${info.kind} weights (${info.metaIterations} meta-iterations); save them to use them`);
  };
  return (
    <section className="panel" aria-label="Save and load">
      <label className="field">
        <span>name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} pattern="[\w.\-]{1,64}" />
      </label>
      <div className="row">
        <button type="button" onClick={() => void save()}>
          Save to browser
        </button>
        <button type="button" onClick={() => void exportFiles()}>
          Export files
        </button>
        <label className="button">
          Import files
          <input
            type="file"
            multiple
            accept=".json,.bin"
            hidden
            onChange={(e) => void importFiles(e.target.files)}
          />
        </label>
      </div>
      {message && <p className="hint">{message}</p>}
      {lastSaved && (
        <button type="button" onClick={() => raceIt(lastSaved.kind, lastSaved.name)}>
          Race it in Compare
        </button>
      )}
      {saved.length > 0 && (
        <ul className="saved">
          {saved.map((s) => (
            <li key={s.name}>
              <code>local:{s.name}</code> {s.kind}, {s.metaIterations} it.
              {s.finalMetaLoss !== null && `, meta-loss ${s.finalMetaLoss.toFixed(3)}`}{' '}
              <button type="button" onClick={() => raceIt(s.kind, s.name)} aria-label={`Race ${s.name}`}>
                race
              </button>{' '}
              <button
                type="button"
                onClick={() => void call((a) => a.removeLocal(s.name)).then(refreshSaved)}
              >
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">
        Saved weights are used in the compare view by a learned optimizer entry with weights{' '}
        <code>local:&lt;name&gt;</code>.
      </p>
    </section>
  );
}

export function MetaTrainPanel() {
  const { error, backend } = useMeta();
  return (
    <div className="compare meta">
      <aside className="sidebar" aria-label="Meta-training settings">
        <Controls />
        <RecipeForm />
        <Storage />
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
        <MetaLossChart />
        <EvalChart />
      </div>
    </div>
  );
}
