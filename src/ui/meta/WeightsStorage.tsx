/**
 * Save the trained weights to the browser (IndexedDB), export / import them as the tfjs file
 * pair (<name>.json + <name>.bin), list what is saved (read directly from IndexedDB), race or
 * delete a saved entry.
 */
import { useEffect, useState } from 'react';
import { downloadBlob } from '../share/download';
import { refreshSaved, useSavedWeights } from '../store/savedWeights';
import { call } from './metaClient';
import { useMeta } from './metaStore';
import { type RaceTarget, raceIt } from './raceIt';
import { pickWeightFiles } from './weightFiles';

const note = (m: string) => useMeta.setState({ message: m });

async function importFiles(files: FileList | null): Promise<void> {
  const picked = await pickWeightFiles(Array.from(files ?? []));
  if (typeof picked === 'string') {
    useMeta.setState({ error: `import: ${picked}` });
    return;
  }
  const info = await call((a) => a.importFiles(picked.json, picked.bins));
  if (info)
    note(`imported ${info.kind} weights (${info.metaIterations} meta-iterations); save them to use them`);
}

export function WeightsStorage() {
  const message = useMeta((s) => s.message);
  const recipe = useMeta((s) => s.form.recipe);
  const saved = useSavedWeights((s) => s.saved);
  const [name, setName] = useState('my-optimizer');
  const [lastSaved, setLastSaved] = useState<RaceTarget | null>(null);
  useEffect(() => {
    void refreshSaved();
  }, []);
  const save = async () => {
    const info = await call((a) => a.saveLocal(name));
    if (!info) return;
    note(`saved as local:${info.name} (${info.kind}, ${info.metaIterations} meta-iterations)`);
    await refreshSaved();
    // Race on the task the weights were trained on: the saved header's recipe (else the form's).
    const stored = useSavedWeights.getState().saved.find((w) => w.name === info.name);
    setLastSaved(stored ?? { name: info.name, kind: info.kind, task: recipe.task, steps: recipe.steps });
  };
  const exportFiles = async () => {
    const f = await call((a) => a.exportFiles(name));
    if (!f) return;
    downloadBlob(`${name}.json`, new Blob([f.json], { type: 'application/json' }));
    downloadBlob(`${name}.bin`, new Blob([f.bin], { type: 'application/octet-stream' }));
  };
  const remove = async (n: string) => {
    await call((a) => a.removeLocal(n));
    await refreshSaved();
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
        <button type="button" onClick={() => raceIt(lastSaved)}>
          Race it in Compare
        </button>
      )}
      {saved.length > 0 && (
        <ul className="saved">
          {saved.map((s) => (
            <li key={s.name}>
              <code>local:{s.name}</code> {s.kind}, {s.metaIterations} it.
              {s.finalMetaLoss !== null && `, meta-loss ${s.finalMetaLoss.toFixed(3)}`}{' '}
              <button type="button" onClick={() => raceIt(s)} aria-label={`Race ${s.name}`}>
                race
              </button>{' '}
              <button type="button" onClick={() => void remove(s.name)}>
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
