/**
 * The 'csv' task's data: upload a file (≤ 5 MB), parse and validate it here (the messages name
 * the row and column), hash it, keep it in this browser (csvRegistry.ts) and record its hash,
 * name and shape in the spec. A link that names a file this page does not hold asks for it and
 * accepts only the same file (same hash). Changing the label column or target re-reads the file.
 */
import { useEffect, useState } from 'react';
import type { TaskOptions } from '../../core/tasks/catalog';
import { csvHash } from '../../core/tasks/csvHash';
import { type CsvTable, describeTable, MAX_CSV_BYTES, parseCsv } from '../../core/tasks/csvParse';
import { useSpec } from '../store/specStore';
import { registerCsv, useCsvFiles } from './csvRegistry';

type CsvOptions = TaskOptions<'csv'>;

function shapeOf(t: CsvTable) {
  return {
    rows: t.rows,
    features: t.features,
    classes: t.target.kind === 'classification' ? t.target.classes.length : 0,
  };
}

function wanted(o: CsvOptions): string {
  return `${o.rows} rows × ${o.features} features, ${o.classes > 0 ? `${o.classes} classes` : 'regression'}`;
}

export function CsvPanel() {
  const o = useSpec((s) => s.spec.task.options) as CsvOptions;
  const setOptions = useSpec((s) => s.setTaskOptions);
  const held = useCsvFiles((s) => (o.hash ? s.files[o.hash] : undefined));
  const [errors, setErrors] = useState<string[]>([]);
  const [other, setOther] = useState<{ hash: string; file: string; text: string } | null>(null);
  const [summary, setSummary] = useState('');

  // The label column or target changed: re-read the held file and record the new shape.
  useEffect(() => {
    if (!held) return;
    const r = parseCsv(held.text, { label: o.label, target: o.target });
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors([]);
    setSummary(describeTable(r.table));
    const s = shapeOf(r.table);
    if (s.rows !== o.rows || s.features !== o.features || s.classes !== o.classes) setOptions(s);
  }, [held, o.label, o.target, o.rows, o.features, o.classes, setOptions]);

  const use = (f: { hash: string; file: string; text: string }, t: CsvTable) => {
    registerCsv(f);
    setOther(null);
    setOptions({ hash: f.hash, file: f.file, ...shapeOf(t) });
  };

  const onFile = async (file: File | undefined) => {
    setOther(null);
    if (!file) return;
    if (file.size === 0) return setErrors([`${file.name}: the file is empty`]);
    if (file.size > MAX_CSV_BYTES) {
      return setErrors([
        `${file.name}: too large (${(file.size / 2 ** 20).toFixed(1)} MB); at most ${MAX_CSV_BYTES / 2 ** 20} MB`,
      ]);
    }
    const text = await file.text();
    const r = parseCsv(text, { label: o.label, target: o.target });
    if (!r.ok) return setErrors(r.errors.map((m) => `${file.name}: ${m}`));
    setErrors([]);
    const f = { hash: await csvHash(text), file: file.name.slice(0, 80), text };
    if (o.hash && !held && f.hash !== o.hash) {
      // The link names another file: say so, and let the user choose.
      setOther(f);
      return;
    }
    use(f, r.table);
  };

  return (
    <div className="csv-panel" data-testid="csv-panel">
      {o.hash && !held && (
        <p className="notice" role="status" data-testid="csv-needs-file">
          This link trains on {o.file ? `'${o.file}'` : 'a CSV file'} ({wanted(o)}, hash {o.hash}). The data
          is never in a link: upload the same file to run it.
        </p>
      )}
      <label className="field">
        <span>CSV file (≤ 5 MB; numeric features and a label column; header row optional)</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          data-testid="csv-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </label>
      {held && (
        <p className="hint" data-testid="csv-summary">
          {held.file}: {summary || wanted(o)} · hash {held.hash} · stays in this browser
        </p>
      )}
      {other && (
        <p className="notice notice-error" role="alert" data-testid="csv-mismatch">
          {other.file} is not the link's file: its hash is {other.hash}, the link's {o.hash}.{' '}
          <button
            type="button"
            className="small"
            onClick={() => {
              const r = parseCsv(other.text, { label: o.label, target: o.target });
              if (r.ok) use(other, r.table);
            }}
          >
            Use it instead
          </button>
        </p>
      )}
      {errors.length > 0 && (
        <ul className="csv-errors" role="alert" data-testid="csv-errors">
          {errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
