/**
 * "Bring your own data": parse and validate a CSV of numeric features and one label column
 * (pure, no tfjs, no DOM; the UI runs it on upload, the worker again when it builds the task).
 *
 * Format: one record per line; the delimiter is the one of `,` `;` tab that occurs most in the
 * first line; a field may be double-quoted ("a,b", "" for a quote) but may not span lines. A
 * header row is optional: the first row is a header when some column is a number in the second
 * row but not in the first. Blank lines are skipped; line numbers in messages are the file's.
 * The label is the last column unless `label` (1-based) says otherwise; every other column is a
 * feature and must hold finite numbers in every row.
 *
 * Target: `classification` when the labels are text, or whole numbers with at most MAX_CLASSES
 * distinct values; `regression` (numeric labels) otherwise; `target` forces one.
 * Limits: ≤ MAX_CSV_BYTES of text, ≥ MIN_ROWS data rows, ≤ MAX_FEATURES features, ≤ MAX_CLASSES
 * classes. Every failure is a message naming the row (file line) and column.
 */

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MIN_ROWS = 10;
export const MAX_FEATURES = 1000;
export const MAX_CLASSES = 50;
/** At most this many messages (then "… and N more"). */
const MAX_ERRORS = 5;

export type CsvTarget = 'auto' | 'classification' | 'regression';

export interface CsvTable {
  /** Column names (header row), or null when the file has none. */
  header: string[] | null;
  /** Data rows and feature columns. */
  rows: number;
  features: number;
  /** 0-based index of the label column in the file. */
  labelColumn: number;
  /** Features, row-major [rows × features]. */
  x: Float64Array;
  target:
    | { kind: 'classification'; classes: string[]; y: Int32Array }
    | { kind: 'regression'; y: Float64Array };
}

export type CsvParsed = { ok: true; table: CsvTable } | { ok: false; errors: string[] };

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a cell holds, or null. */
export function cellNumber(cell: string): number | null {
  const t = cell.trim();
  if (!NUMBER_RE.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Split one line on `delim`, honouring double quotes. Null when a quote is not closed. */
export function splitLine(line: string, delim: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (c === delim) {
      out.push(cur);
      cur = '';
    } else cur += c;
    i++;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

function pickDelimiter(first: string): string {
  let best = ',';
  let count = -1;
  for (const d of [',', ';', '\t']) {
    const n = first.split(d).length - 1;
    if (n > count) [best, count] = [d, n];
  }
  return best;
}

const shown = (s: string) => {
  const t = s.trim().replace(/[\p{Cc}\p{Cs}]/gu, '\uFFFD');
  return `'${t.length > 24 ? `${t.slice(0, 24)}…` : t}'`;
};

/** Parse and validate CSV text; `label` is the 1-based label column (0 or absent: the last). */
export function parseCsv(text: string, opts: { label?: number; target?: CsvTarget } = {}): CsvParsed {
  if (text.length > MAX_CSV_BYTES) {
    return {
      ok: false,
      errors: [`the file is too large: ${text.length} bytes; at most ${MAX_CSV_BYTES} (5 MB)`],
    };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines: { line: number; text: string }[] = [];
  body.split(/\r\n|\n|\r/).forEach((t, i) => {
    if (t.trim() !== '') lines.push({ line: i + 1, text: t });
  });
  if (lines.length === 0) return { ok: false, errors: ['the file is empty: no rows'] };
  const delim = pickDelimiter(lines[0].text);
  const cells: string[][] = [];
  for (const l of lines) {
    const c = splitLine(l.text, delim);
    if (!c)
      return {
        ok: false,
        errors: [`row ${l.line}: a quoted field is not closed (a field may not span lines)`],
      };
    cells.push(c);
  }
  const width = cells[0].length;
  if (width < 2) {
    return {
      ok: false,
      errors: [
        `row ${lines[0].line}: 1 column; need at least 2 (features, then the label), separated by , ; or tab`,
      ],
    };
  }
  const errors: string[] = [];
  let more = 0;
  const fail = (m: string) => {
    if (errors.length < MAX_ERRORS) errors.push(m);
    else more++;
  };
  cells.forEach((c, r) => {
    if (c.length !== width)
      fail(`row ${lines[r].line}: ${c.length} columns, expected ${width} (as in row ${lines[0].line})`);
  });
  if (errors.length > 0) return { ok: false, errors: finish(errors, more) };

  const labelColumn = opts.label && opts.label > 0 ? opts.label - 1 : width - 1;
  if (labelColumn >= width) {
    return { ok: false, errors: [`label column ${labelColumn + 1}: the file has ${width} columns`] };
  }
  const hasHeader =
    cells.length > 1
      ? cells[0].some((c, j) => cellNumber(c) === null && cellNumber(cells[1][j]) !== null)
      : cells[0].every((c) => cellNumber(c) === null);
  const header = hasHeader ? cells[0].map((c) => c.trim()) : null;
  const data = hasHeader ? cells.slice(1) : cells;
  const dataLines = hasHeader ? lines.slice(1) : lines;
  const name = (j: number) => `column ${j + 1}${header?.[j] ? ` (${shown(header[j])})` : ''}`;
  if (data.length === 0) return { ok: false, errors: ['the file has a header row but no data rows'] };
  if (data.length < MIN_ROWS) {
    return {
      ok: false,
      errors: [
        `too few rows: ${data.length} data row${data.length === 1 ? '' : 's'}; need at least ${MIN_ROWS}`,
      ],
    };
  }
  const features = width - 1;
  if (features > MAX_FEATURES) {
    return { ok: false, errors: [`too many columns: ${features} features; at most ${MAX_FEATURES}`] };
  }

  const x = new Float64Array(data.length * features);
  data.forEach((row, r) => {
    let k = 0;
    for (let j = 0; j < width; j++) {
      if (j === labelColumn) continue;
      const v = cellNumber(row[j]);
      if (v === null) {
        fail(
          row[j].trim() === ''
            ? `row ${dataLines[r].line}, ${name(j)}: empty cell (missing values are not supported)`
            : `row ${dataLines[r].line}, ${name(j)}: ${shown(row[j])} is not a number`,
        );
      } else x[r * features + k] = v;
      k++;
    }
  });
  if (errors.length > 0) return { ok: false, errors: finish(errors, more) };

  const raw = data.map((row) => row[labelColumn].trim());
  const nums = raw.map(cellNumber);
  const numeric = nums.every((v) => v !== null);
  const distinct = [...new Set(raw)];
  const target = opts.target ?? 'auto';
  const wholes = numeric && nums.every((v) => Number.isInteger(v));
  const classify =
    target === 'classification' ||
    (target === 'auto' && (!numeric || (wholes && distinct.length <= MAX_CLASSES)));
  const where = `label ${name(labelColumn)}`;
  if (!classify) {
    if (!numeric) {
      const r = nums.findIndex((v) => v === null);
      return {
        ok: false,
        errors: [
          raw[r] === ''
            ? `row ${dataLines[r].line}, ${where}: empty cell`
            : `row ${dataLines[r].line}, ${where}: ${shown(raw[r])} is not a number; regression needs a numeric target`,
        ],
      };
    }
    const table = { header, rows: data.length, features, labelColumn, x };
    return {
      ok: true,
      table: { ...table, target: { kind: 'regression', y: Float64Array.from(nums as number[]) } },
    };
  }
  const empty = raw.findIndex((v) => v === '');
  if (empty >= 0) return { ok: false, errors: [`row ${dataLines[empty].line}, ${where}: empty cell`] };
  if (distinct.length > MAX_CLASSES) {
    return {
      ok: false,
      errors: [`too many classes: ${distinct.length} distinct labels in ${where}; at most ${MAX_CLASSES}`],
    };
  }
  if (distinct.length < 2) {
    return { ok: false, errors: [`${where}: only one class (${shown(distinct[0])}); need at least 2`] };
  }
  // Classes in a stable order: numerically when every label is a number, else alphabetically.
  const classes = numeric
    ? [...distinct].sort((a, b) => Number(a) - Number(b))
    : [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(raw, (v) => index.get(v) as number);
  return {
    ok: true,
    table: {
      header,
      rows: data.length,
      features,
      labelColumn,
      x,
      target: { kind: 'classification', classes, y },
    },
  };
}

function finish(errors: string[], more: number): string[] {
  return more > 0 ? [...errors, `… and ${more} more`] : errors;
}

/** "150 rows × 4 features, 3 classes" / "… , regression". */
export function describeTable(t: CsvTable): string {
  const kind = t.target.kind === 'classification' ? `${t.target.classes.length} classes` : 'regression';
  return `${t.rows} rows × ${t.features} feature${t.features === 1 ? '' : 's'}, ${kind}`;
}
