/**
 * The header's share and export buttons: Copy link (clipboard, else a selected read-only
 * field to copy by hand), CSV and JSON downloads of the current curves, and Import of a JSON
 * export (restores spec and curves without re-running; a bad file is reported field by field
 * and changes nothing).
 */
import { useEffect, useRef, useState } from 'react';
import { curvesToCsv, exportDocumentJson } from '../../core/experiment/exportFormats';
import { useRun } from '../store/runStore';
import { series } from '../store/series';
import { useSpec } from '../store/specStore';
import { shareUrl } from '../urlSync';
import { APP_VERSION } from './appVersion';
import { downloadText, fileStem } from './download';
import { EmbedShare } from './EmbedShare';
import { curveColumns, exportInput, seriesLength } from './exportData';
import { importExportText } from './importDocument';
import { binaryKind, EXPECTED, sniffImport } from './importSniff';
import { useShare } from './shareStore';
import './share.css';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

function exportStem(): string {
  const s = useSpec.getState().spec;
  return fileStem(`optimizer-playground-${s.task.id}-seed-${s.seed}`);
}

function CopyLink() {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = async () => {
    const url = shareUrl();
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      useShare.setState({ linkFallback: null });
      setCopied(true);
    } catch {
      useShare.setState({ linkFallback: url });
    }
  };
  return (
    <button type="button" data-testid="copy-link" onClick={() => void copy()} aria-live="polite">
      {copied ? 'Copied' : 'Copy link'}
    </button>
  );
}

function ExportButtons() {
  useRun((s) => s.version);
  const backend = useRun((s) => s.imported?.backend ?? s.backend?.name ?? 'unknown');
  const empty = seriesLength(series.runs) === 0;
  const csv = () => {
    const spec = useSpec.getState().spec;
    downloadText(
      `${exportStem()}.csv`,
      curvesToCsv(curveColumns(spec, series.runs, series.evals)),
      'text/csv',
    );
  };
  const json = () => {
    const spec = useSpec.getState().spec;
    const doc = exportDocumentJson(
      exportInput(spec, series.runs, backend, APP_VERSION, new Date().toISOString(), series.evals),
    );
    downloadText(`${exportStem()}.json`, doc, 'application/json');
  };
  const why = empty ? 'Nothing to export yet: run the experiment first' : undefined;
  return (
    <>
      <button
        type="button"
        data-testid="export-csv"
        disabled={empty}
        title={why ?? 'Loss curves as CSV'}
        onClick={csv}
      >
        CSV
      </button>
      <button
        type="button"
        data-testid="export-json"
        disabled={empty}
        title={why ?? 'Spec, curves, probes and backend as JSON (re-importable)'}
        onClick={json}
      >
        JSON
      </button>
    </>
  );
}

function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const load = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    const attempt = (useShare.getState().importError?.attempt ?? 0) + 1;
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        useShare.setState({
          importError: {
            file: file.name,
            attempt,
            errors: [
              `${file.name} is ${file.size} bytes; an experiment export is at most ${MAX_IMPORT_BYTES} bytes (${EXPECTED})`,
            ],
          },
        });
        return;
      }
      const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
      const text = binaryKind(head) ? null : await file.text();
      const notExport = sniffImport(file.name, head, text);
      if (notExport || text === null) {
        useShare.setState({ importError: { file: file.name, attempt, errors: [notExport ?? EXPECTED] } });
        return;
      }
      const res = await importExportText(text, file.name);
      useShare.setState({ importError: res.ok ? null : { file: file.name, errors: res.errors, attempt } });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <button
        type="button"
        className="share-import"
        data-testid="import-button"
        title="Load a JSON export: its experiment and curves, without re-running"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        {busy ? 'Importing…' : 'Import'}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="JSON export file to import"
        data-testid="import-json"
        onChange={(e) => void load(e.target.files?.[0])}
      />
    </>
  );
}

export function ShareBar() {
  return (
    <fieldset className="share-bar" aria-label="Share and export">
      <CopyLink />
      <EmbedShare />
      <span className="share-label">Export</span>
      <ExportButtons />
      <ImportButton />
    </fieldset>
  );
}
