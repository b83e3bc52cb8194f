/**
 * `npm run --silent cli -- preset list | preset run <id>…|--all [--json|--markdown] [--backend b]`:
 * the paper presets (core/presets/) headless. `run` prints each row's value (mean ± std over
 * seeds) beside the paper's, and the verdict; `--markdown` prints the README's verdict table
 * (`npm run presets:readme`); `preset markdown <file>` prints it from saved `--json` output.
 * `--workers k` spreads the presets over k worker threads (presetPool.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PRESET_IDS, PRESETS, presetById, presetLink } from '../core/presets/catalog';
import { type AdamCache, runPreset } from '../core/presets/run';
import type { Preset, PresetResult } from '../core/presets/types';
import { formatMeanStd } from '../core/presets/verdict';
import { type FlagDefs, intFlag, parseFlags, reportFailure, UsageError, usage } from './args';
import { isNodeBackend, NODE_BACKENDS, nodeTaskEnv, setupNodeBackend } from './nodeBackend';
import { runPresetsInWorkers } from './presetPool';
import { DEFAULT_APP_URL, DEFAULT_BACKEND, type Io } from './run';

export const README_BEGIN = '<!-- presets:begin -->';
export const README_END = '<!-- presets:end -->';

const FLAGS: FlagDefs = {
  all: { kind: 'boolean', help: 'run every preset' },
  json: { kind: 'boolean', help: 'print JSON: one document per preset, one per line' },
  markdown: { kind: 'boolean', help: "print the README's table of verdicts" },
  readme: {
    kind: 'string',
    arg: '<file>',
    help: `with --markdown: write the table into <file> between ${README_BEGIN} and ${README_END}`,
  },
  backend: { kind: 'string', arg: '<cpu|wasm>', help: `tfjs backend (default ${DEFAULT_BACKEND})` },
  workers: {
    kind: 'string',
    arg: '<k>',
    help: 'run presets on k worker threads (costliest first; same numbers, output in catalog order)',
  },
  help: { kind: 'boolean', help: 'show this help' },
};

/** `doc` with the text between the two markers replaced by `table`. */
export function replaceBetweenMarkers(doc: string, table: string, file: string): string {
  const a = doc.indexOf(README_BEGIN);
  const b = doc.indexOf(README_END);
  if (a < 0 || b < a) throw new UsageError(`--readme: ${file} has no ${README_BEGIN} … ${README_END} block`);
  return `${doc.slice(0, a + README_BEGIN.length)}\n${table}${doc.slice(b)}`;
}

const processIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function link(p: Preset): string {
  return presetLink(p, process.env.PLAYGROUND_URL ?? DEFAULT_APP_URL);
}

export function presetJson(p: Preset, r: PresetResult): unknown {
  const n = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    id: p.id,
    title: p.title,
    paper: p.paper,
    claim: p.claim,
    link: link(p),
    rows: r.rows.map((row) => ({
      label: row.label,
      mean: n(row.mean),
      std: n(row.std),
      seeds: row.seeds.map(n),
      ...(row.paper !== undefined ? { paper: row.paper } : {}),
    })),
    verdict: r.verdict,
    reasons: r.reasons,
  };
}

export function presetText(p: Preset, r: PresetResult): string {
  const n = r.rows[0]?.seeds.length ?? 0;
  const header = ['row', n > 1 ? `ours (mean ± std, ${n} seeds)` : 'ours (1 seed)', 'paper'];
  const rows = r.rows.map((row) => [
    row.label,
    formatMeanStd(row),
    row.paper === undefined ? '—' : String(row.paper),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((x) => x[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => s.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [
    `preset ${p.id}: ${p.title}`,
    `paper: ${p.paper}`,
    `claim: ${p.claim}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `verdict: ${r.verdict}`,
    ...r.reasons.map((s) => `  ${s}`),
    `reduced: ${p.reduced}`,
    `link: ${link(p)}`,
    '',
  ].join('\n');
}

/** One Markdown row per preset: title, our numbers beside the paper's, verdict. */
export function markdownTable(results: [Preset, PresetResult][]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const lines = ['| preset | ours (paper) | verdict |', '| --- | --- | --- |'];
  for (const [p, r] of results) {
    const nums = r.rows
      .map((row) => `${row.label}: ${formatMeanStd(row)}${row.paper === undefined ? '' : ` (${row.paper})`}`)
      .join('; ');
    lines.push(`| [${cell(p.title)}](${link(p)}) | ${cell(nums)} | ${r.verdict} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Results back from `preset run --json` lines (null = NaN), paired with their presets. */
export function readResults(text: string): [Preset, PresetResult][] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const doc = JSON.parse(l) as PresetResult & { rows: { mean: number | null; std: number | null }[] };
      const p = presetById(doc.id);
      if (!p) throw new UsageError(`markdown: unknown preset '${doc.id}'`);
      const rows = doc.rows.map((r) => ({ ...r, mean: r.mean ?? Number.NaN, std: r.std ?? Number.NaN }));
      return [p, { id: doc.id, rows, verdict: doc.verdict, reasons: doc.reasons }];
    });
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const [sub, ...rest] = argv;
    if (sub === 'list') {
      parseFlags(rest, {});
      for (const p of PRESETS) io.out(`${p.id.padEnd(28)} ${p.title}\n`);
      return 0;
    }
    if (sub === 'markdown') {
      // The README table from saved `preset run … --json` output (one document per line).
      if (rest.length !== 1) throw new UsageError('markdown: expected one file of `preset run --json` lines');
      io.out(markdownTable(readResults(readFileSync(rest[0], 'utf8'))));
      return 0;
    }
    if (sub !== 'run') {
      if (sub === '--help' || sub === undefined) io.out(usage('preset list | preset run <id>…|--all', FLAGS));
      else throw new UsageError(`unknown subcommand '${sub}'; valid: list, run, markdown`);
      return sub === undefined ? 2 : 0;
    }
    const ids: string[] = [];
    while (rest.length > ids.length && !rest[ids.length].startsWith('--')) ids.push(rest[ids.length]);
    const flags = parseFlags(rest.slice(ids.length), FLAGS);
    if (flags.help) {
      io.out(usage('preset run <id>…|--all', FLAGS));
      return 0;
    }
    const backend = (flags.backend as string | undefined) ?? DEFAULT_BACKEND;
    if (!isNodeBackend(backend)) {
      throw new UsageError(`--backend: unknown backend '${backend}'; valid: ${NODE_BACKENDS.join(', ')}`);
    }
    if (ids.length === 0 && !flags.all)
      throw new UsageError(`run: name a preset or give --all; valid: ${PRESET_IDS.join(', ')}`);
    const bad = ids.find((id) => !presetById(id));
    if (bad) throw new UsageError(`run: unknown preset '${bad}'; valid: ${PRESET_IDS.join(', ')}`);
    const presets = ids.length > 0 ? ids.map((id) => presetById(id) as Preset) : [...PRESETS];
    const workers = intFlag(flags, 'workers', 1, 16) ?? 1;
    if (flags.readme !== undefined && !flags.markdown) throw new UsageError('--readme: needs --markdown');
    if (typeof flags.readme === 'string') readFileSync(flags.readme, 'utf8'); // unreadable: fail before running
    const results: [Preset, PresetResult][] = [];
    const show = (p: Preset, r: PresetResult) => {
      results.push([p, r]);
      if (flags.json) io.out(`${JSON.stringify(presetJson(p, r))}\n`);
      else if (!flags.markdown) io.out(`${presetText(p, r)}\n`);
    };
    if (workers > 1 && presets.length > 1) {
      await runPresetsInWorkers(presets as Preset[], backend, workers, show);
    } else {
      await setupNodeBackend(backend);
      const adamCache: AdamCache = new Map();
      for (const p of presets as Preset[]) {
        show(p, await runPreset(p, nodeTaskEnv(), { overrides: { backend, fused: false }, adamCache }));
      }
    }
    if (flags.markdown) {
      const table = markdownTable(results);
      const file = flags.readme as string | undefined;
      if (file) writeFileSync(file, replaceBetweenMarkers(readFileSync(file, 'utf8'), table, file));
      else io.out(table);
    }
    return 0;
  } catch (e) {
    return reportFailure('preset', e, (t) => io.err(t));
  }
}
