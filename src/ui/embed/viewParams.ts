/**
 * View-only link parameters, beside the experiment (they never change what runs):
 *   embed=1                    the focused view for slides and lessons: no header, intro or tabs;
 *                              the chart(s) and the run bar (plus the controls unless hidden)
 *   hide=controls,meta,share   hide the experiment controls (the run bar stays), the Meta-train
 *                              tab, the share/export bar; any subset, in any order
 * Read leniently: a bad value is ignored with a message naming it and the valid choices. The
 * experiment codec (core/experiment/urlDecode.ts) skips these names, so an embed link runs the
 * same experiment in the CLI and in the full app.
 */

export const HIDEABLE = ['controls', 'meta', 'share'] as const;
export type Hideable = (typeof HIDEABLE)[number];

export interface ViewParams {
  embed: boolean;
  hide: Hideable[];
}

export const DEFAULT_VIEW: ViewParams = { embed: false, hide: [] };

const isHideable = (s: string): s is Hideable => (HIDEABLE as readonly string[]).includes(s);

/** Shown text of a value from a link: at most 40 characters, quoted. */
const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** The view parameters of a query ('?…' or without '?'), with one message per ignored value. */
export function readViewParams(query: string): { view: ViewParams; errors: string[] } {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  } catch {
    return { view: DEFAULT_VIEW, errors: [] };
  }
  const errors: string[] = [];
  const embeds = params.getAll('embed');
  let embed = false;
  if (embeds.length > 0) {
    const v = embeds[0].trim();
    if (v === '1' || v === 'true') embed = true;
    else if (v !== '0' && v !== 'false') errors.push(`embed: ${shown(v)} ignored; use embed=1 (or 0)`);
  }
  const hide: Hideable[] = [];
  for (const list of params.getAll('hide')) {
    for (const raw of list.split(',')) {
      const name = raw.trim().toLowerCase();
      if (name === '') continue;
      if (!isHideable(name)) {
        errors.push(`hide: unknown panel ${shown(raw.trim())} ignored; valid: ${HIDEABLE.join(', ')}`);
      } else if (!hide.includes(name)) hide.push(name);
    }
  }
  return { view: { embed, hide: HIDEABLE.filter((h) => hide.includes(h)) }, errors };
}

/** The view as query parameters to append to an experiment link ('' for the default view). */
export function viewQuery(view: ViewParams): string {
  const parts: string[] = [];
  if (view.embed) parts.push('embed=1');
  if (view.hide.length > 0) parts.push(`hide=${view.hide.join(',')}`);
  return parts.map((p) => `&${p}`).join('');
}
