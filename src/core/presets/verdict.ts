/**
 * A preset's verdict from its measured rows (pure):
 *   does not        some comparison of the claim fails (the better row is not lower);
 *   reproduces      every comparison holds by more than the rows' combined std, and every row
 *                   with a paper number is within max(2·std, tolerance·|paper|) of it;
 *   same direction  the comparisons hold, but not by that margin or not at the paper's values.
 * A non-finite (diverged) row loses every comparison it is the "better" side of and wins every
 * one it is the "worse" side of.
 */
import type { MeasuredRow, Preset, PresetResult, Verdict } from './types';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return 'NaN';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toPrecision(3);
}

export function formatMeanStd(r: Pick<MeasuredRow, 'mean' | 'std' | 'seeds'>): string {
  if (!Number.isFinite(r.mean)) return 'diverged';
  return r.seeds.length > 1 ? `${fmt(r.mean)} ± ${fmt(r.std)}` : fmt(r.mean);
}

export function judge(preset: Preset, rows: MeasuredRow[]): PresetResult {
  const tol = preset.tolerance ?? 0.25;
  const reasons: string[] = [];
  let holds = true;
  let clear = true;
  for (const c of preset.comparisons) {
    const b = rows[c.better];
    const w = rows[c.worse];
    const ok = Number.isFinite(b.mean) && (!Number.isFinite(w.mean) || b.mean < w.mean);
    const margin = ok && (!Number.isFinite(w.mean) || w.mean - b.mean > b.std + w.std);
    holds &&= ok;
    clear &&= margin;
    reasons.push(
      `${b.label} ${formatMeanStd(b)} ${ok ? '<' : '≮'} ${w.label} ${formatMeanStd(w)}${ok && !margin ? ' (within noise)' : ''}`,
    );
  }
  let matches = true;
  for (const r of rows) {
    if (r.paper === undefined) continue;
    const ok =
      Number.isFinite(r.mean) && Math.abs(r.mean - r.paper) <= Math.max(2 * r.std, tol * Math.abs(r.paper));
    matches &&= ok;
    if (!ok) reasons.push(`${r.label}: ours ${formatMeanStd(r)}, paper ${r.paper}`);
  }
  const verdict: Verdict = !holds ? 'does not' : clear && matches ? 'reproduces' : 'same direction';
  return { id: preset.id, rows, verdict, reasons };
}
