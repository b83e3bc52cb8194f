/**
 * Messages of the share features, under the header: the link to copy by hand (when the
 * clipboard is unavailable), a rejected import (field by field), the "imported, not re-run"
 * note, and learned-optimizer weights that the link names but this browser lacks (with a way
 * to load their files, or to re-train them in the Meta-train tab).
 */
import { useEffect, useRef, useState } from 'react';
import { LEARNED, type LearnedId } from '../../core/learned/catalog';
import { Notice } from '../components/Notice';
import { call } from '../meta/metaClient';
import { useMeta } from '../meta/metaStore';
import { pickWeightFiles } from '../meta/weightFiles';
import { useRun } from '../store/runStore';
import { refreshSaved } from '../store/savedWeights';
import { useSpec } from '../store/specStore';
import { useView } from '../store/viewStore';
import { useShare } from './shareStore';
import { missingWeights, type WeightsRef, weightsRefs } from './weightsCheck';

function LinkFallback() {
  const url = useShare((s) => s.linkFallback);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (url) field.current?.select();
  }, [url]);
  if (!url) return null;
  return (
    <div className="notice notice-info" role="status">
      <div className="notice-head">
        <strong>The clipboard is not available here: copy the link yourself (Ctrl+C / ⌘C)</strong>
        <button
          type="button"
          className="icon"
          aria-label="Dismiss message"
          onClick={() => useShare.setState({ linkFallback: null })}
        >
          ×
        </button>
      </div>
      <div className="link-fallback">
        <input
          ref={field}
          type="text"
          readOnly
          value={url}
          aria-label="Link to this experiment"
          data-testid="share-link"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
    </div>
  );
}

function ImportError() {
  const err = useShare((s) => s.importError);
  if (!err) return null;
  return (
    <Notice
      key={err.attempt}
      kind="error"
      title={`Could not import ${err.file}; nothing was changed`}
      lines={err.errors}
    />
  );
}

function Imported() {
  const imp = useRun((s) => s.imported);
  if (!imp) return null;
  const when = imp.exportedAt
    ? `, exported ${imp.exportedAt.replace('T', ' ').replace(/\..*$/, '')} UTC`
    : '';
  return (
    <div data-testid="imported-notice">
      <Notice
        key={imp.fileName + imp.steps}
        kind="info"
        title={`Imported from ${imp.fileName}, not re-run`}
        lines={[
          `${imp.steps} steps computed on ${imp.backend} by app version ${imp.appVersion}${when}.`,
          'Press Run to re-run it here; changing the task, seed, steps, optimizer list or backend clears these curves.',
        ]}
      />
    </div>
  );
}

function openMetaTab(kind: string): void {
  if (Object.hasOwn(LEARNED, kind)) useMeta.getState().setKind(kind as LearnedId);
  useView.getState().setTab('meta');
}

function labelOf(id: string): string {
  return Object.hasOwn(LEARNED, id) ? LEARNED[id as LearnedId].label : id;
}

/** Import a weights file pair (<name>.json + .bin) and save it under the name the link uses. */
async function loadWeightFiles(ref: WeightsRef, files: File[]): Promise<string | null> {
  const picked = await pickWeightFiles(files);
  if (typeof picked === 'string') return picked;
  const info = await call((a) => a.importFiles(picked.json, picked.bins));
  if (!info) return useMeta.getState().error ?? 'the files could not be read';
  if (info.kind !== ref.id) return `these are ${info.kind} weights; the link needs ${ref.id} weights`;
  const saved = await call((a) => a.saveLocal(ref.name));
  if (!saved) return useMeta.getState().error ?? 'the weights could not be saved';
  await refreshSaved();
  return null;
}

function MissingWeight(props: { r: WeightsRef; onLoaded(): void }) {
  const { r } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const load = async (files: FileList | null) => {
    setBusy(true);
    const err = await loadWeightFiles(r, Array.from(files ?? []));
    setBusy(false);
    setError(err);
    if (input.current) input.current.value = '';
    if (!err) props.onLoaded();
  };
  return (
    <li>
      optimizers[{r.index}] ({labelOf(r.id)}) uses <code>{r.weights}</code>
      {r.source === 'local'
        ? ', which is not saved in this browser.'
        : ', which this version of the app does not ship.'}
      {r.source === 'local' && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => input.current?.click()}>
            {busy ? 'Loading…' : `Load its files (${r.name}.json + .bin)`}
          </button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            accept=".json,.bin"
            aria-label={`weight files for local:${r.name}`}
            onChange={(e) => void load(e.target.files)}
          />
          <button type="button" onClick={() => openMetaTab(r.id)}>
            Re-train it (Meta-train tab), then save it as “{r.name}”
          </button>
        </div>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}

function MissingWeights() {
  const key = useSpec((s) => JSON.stringify(weightsRefs(s.spec)));
  const [missing, setMissing] = useState<WeightsRef[]>([]);
  const [check, setCheck] = useState(0);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    void check;
    let live = true;
    setOpen(true);
    void missingWeights(JSON.parse(key) as WeightsRef[]).then((m) => {
      if (live) setMissing(m);
    });
    return () => {
      live = false;
    };
  }, [key, check]);
  if (!open || missing.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="missing-weights">
      <div className="notice-head">
        <strong>This experiment needs learned-optimizer weights that are not here</strong>
        <button type="button" className="icon" aria-label="Dismiss message" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      <ul>
        {missing.map((r) => (
          <MissingWeight key={`${r.index}-${r.weights}`} r={r} onLoaded={() => setCheck((c) => c + 1)} />
        ))}
      </ul>
    </div>
  );
}

export function ShareNotices() {
  return (
    <>
      <LinkFallback />
      <ImportError />
      <Imported />
      <MissingWeights />
    </>
  );
}
