/**
 * URL ↔ spec, through the codec in core/experiment/url.ts. At startup the query (if any) becomes
 * the spec; rejected fields are returned as messages for a dismissible notice. Afterwards
 * every spec change is mirrored back with history.replaceState (debounced: browsers throttle
 * frequent replaceState calls, e.g. while a slider is dragged). `shareUrl` is the link of the
 * current spec, up to date even while a mirror write is still pending.
 */
import type { ExperimentSpec } from '../core/experiment/schema';
import { specFromQuery, specToQuery, specToUrl } from '../core/experiment/url';
import { isFramed, useEmbed } from './embed/embedStore';
import { type Hideable, readViewParams, viewQuery } from './embed/viewParams';
import { PALETTE } from './lib/colors';
import { friendlyUrlError } from './share/friendlyErrors';
import { starterSpec } from './starter';
import { useSpec } from './store/specStore';

/** Apply the URL to the stores; returns one message per rejected field or view parameter. */
export function readUrl(): string[] {
  const q = window.location.search;
  const view = readViewParams(q);
  useEmbed.setState({ ...view.view, embed: view.view.embed || isFramed() });
  const messages = [...view.errors, ...readSpec(q)];
  if (messages.length > 0) {
    // Show the working link in the address bar at once, not the broken one.
    history.replaceState(null, '', currentPath(specToQuery(forUrl(useSpec.getState().spec))));
    messages.push('The address bar now shows the repaired link.');
  }
  return messages;
}

function readSpec(q: string): string[] {
  const rest = new URLSearchParams(q);
  for (const name of ['embed', 'hide']) rest.delete(name);
  if ([...rest.keys()].length === 0) {
    // A first visit (or only view parameters): a short race that shows a difference (starter.ts).
    useSpec.getState().replaceSpec(starterSpec());
    return [];
  }
  const { spec, errors } = specFromQuery(q);
  useSpec.getState().replaceSpec(spec);
  return errors.map((e) => friendlyUrlError(e, q, spec));
}

/** The spec as written to the URL: colours that are just the default palette are left out. */
function forUrl(spec: ExperimentSpec): ExperimentSpec {
  return {
    ...spec,
    optimizers: spec.optimizers.map((o, i) => {
      if (o.color?.toLowerCase() !== PALETTE[i % PALETTE.length]) return o;
      const { color: _drop, ...rest } = o;
      return rest;
    }),
  };
}

/** Path, experiment query, the view parameters in force (embed, hide) and hash. */
function currentPath(specQuery: string): string {
  return `${window.location.pathname}?${specQuery}${viewQuery(useEmbed.getState())}${window.location.hash}`;
}

/** The embed link of the current experiment, hiding the given panels (Share → Embed). */
export function embedUrl(hide: Hideable[]): string {
  return `${shareUrl()}${viewQuery({ embed: true, hide })}`;
}

/** The absolute link to the current experiment (what "Copy link" copies). */
export function shareUrl(): string {
  return specToUrl(forUrl(useSpec.getState().spec), window.location.href);
}

/**
 * Mirror spec changes to the address bar: `delayMs` after the last change, and no sooner than
 * `everyMs` after the last write (a drag in instant mode changes the spec many times a second;
 * each replaceState is a same-document navigation that costs the main thread).
 */
export function mirrorToUrl(delayMs = 250, everyMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = Number.NEGATIVE_INFINITY;
  const write = () => {
    timer = null;
    last = performance.now();
    const url = currentPath(specToQuery(forUrl(useSpec.getState().spec)));
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
      history.replaceState(null, '', url);
    }
  };
  useSpec.subscribe((s, p) => {
    if (s.spec === p.spec) return;
    const now = performance.now();
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, Math.max(now + delayMs, last + everyMs) - now);
  });
}
