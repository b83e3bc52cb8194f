/**
 * Charts as PNG images. recharts draws SVG whose colours come from CSS variables (theme), so
 * `svgToPng` clones the SVG with every element's computed presentation style inlined (the
 * image must stand alone), rasterises it through an <img> on a canvas over the theme's
 * background, and encodes PNG. `chartPng` stacks a chart's SVGs and canvases (the contour map
 * is a canvas already) under its title, with a legend of the runs below.
 */

/** Presentation properties that decide how the SVG looks (computed values are resolved colours). */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

/** Pixels per CSS pixel in exported images (fixed, so exports do not depend on the screen). */
export const PNG_SCALE = 2;

export interface LegendEntry {
  label: string;
  color: string;
}

/** The first non-transparent background colour at or above `el` (the theme's), else white. */
export function themeBackground(el: Element | null): string {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

/** A standalone copy of `svg` (computed styles inlined, explicit size) as SVG text. */
export function standaloneSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  for (let i = 0; i < src.length; i++) {
    const cs = getComputedStyle(src[i]);
    const out = dst[i] as SVGElement;
    if (cs.display === 'none') {
      out.remove();
      continue;
    }
    const style: string[] = [];
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) style.push(`${p}:${v}`);
    }
    out.setAttribute('style', style.join(';'));
  }
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the chart image could not be rendered'));
    img.src = url;
  });
}

interface Part {
  draw: CanvasImageSource;
  width: number;
  height: number;
}

async function svgPart(svg: SVGSVGElement): Promise<Part> {
  const s = standaloneSvg(svg);
  const url = URL.createObjectURL(new Blob([s.text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    return { draw: await loadImage(url), width: s.width, height: s.height };
  } finally {
    URL.revokeObjectURL(url);
  }
}

function canvasPart(c: HTMLCanvasElement): Part {
  const box = c.getBoundingClientRect();
  return { draw: c, width: Math.round(box.width) || c.width, height: Math.round(box.height) || c.height };
}

function toBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** One SVG as a PNG over `background` (default: the theme's background behind it). */
export async function svgToPng(svg: SVGSVGElement, background = themeBackground(svg)): Promise<Blob> {
  return composePng([svg], { background, foreground: '#000' });
}

export interface ComposeOptions {
  background: string;
  foreground: string;
  title?: string;
  legend?: LegendEntry[];
  /** A small line at the bottom saying where the image comes from (task, steps, seed, …). */
  caption?: string;
  font?: string;
}

const PAD = 12;
const GAP = 8;
const TITLE_H = 22;
const ROW_H = 18;

/** Lay out legend entries in rows no wider than `width`; returns each entry's position. */
export function legendLayout(
  entries: readonly LegendEntry[],
  width: number,
  measure: (text: string) => number,
): { x: number; row: number }[] {
  const out: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const e of entries) {
    const w = 16 + measure(e.label) + 16;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    out.push({ x, row });
    x += w;
  }
  return out;
}

/** Stack SVGs/canvases vertically under a title, legend below, on one background; PNG. */
export async function composePng(
  sources: readonly (SVGSVGElement | HTMLCanvasElement)[],
  o: ComposeOptions,
): Promise<Blob> {
  const parts: Part[] = [];
  for (const s of sources) parts.push(s instanceof HTMLCanvasElement ? canvasPart(s) : await svgPart(s));
  const font = o.font ?? 'system-ui, sans-serif';
  const inner = Math.max(1, ...parts.map((p) => p.width));
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('PNG export needs a 2-D canvas');
  ctx.font = `13px ${font}`;
  const legend = o.legend ?? [];
  const pos = legendLayout(legend, inner, (t) => ctx.measureText(t).width);
  const legendRows = legend.length > 0 ? pos[pos.length - 1].row + 1 : 0;
  const titleH = o.title ? TITLE_H : 0;
  const partsH = parts.reduce((h, p) => h + p.height, 0) + GAP * Math.max(0, parts.length - 1);
  const legendH = legendRows > 0 ? GAP + legendRows * ROW_H : 0;
  const captionH = o.caption ? GAP + ROW_H : 0;
  const W = inner + 2 * PAD;
  const H = PAD + titleH + partsH + legendH + captionH + PAD;
  canvas.width = Math.round(W * PNG_SCALE);
  canvas.height = Math.round(H * PNG_SCALE);
  ctx.scale(PNG_SCALE, PNG_SCALE);
  ctx.fillStyle = o.background;
  ctx.fillRect(0, 0, W, H);
  let y = PAD;
  ctx.fillStyle = o.foreground;
  ctx.textBaseline = 'middle';
  if (o.title) {
    ctx.font = `600 15px ${font}`;
    ctx.fillText(o.title, PAD, y + TITLE_H / 2 - 2);
    y += titleH;
  }
  for (const p of parts) {
    ctx.drawImage(p.draw, PAD, y, p.width, p.height);
    y += p.height + GAP;
  }
  if (legendRows > 0) {
    ctx.font = `13px ${font}`;
    const top = y;
    legend.forEach((e, i) => {
      const x = PAD + pos[i].x;
      const cy = top + pos[i].row * ROW_H + ROW_H / 2;
      ctx.fillStyle = e.color;
      ctx.fillRect(x, cy - 5, 10, 10);
      ctx.fillStyle = o.foreground;
      ctx.fillText(e.label, x + 16, cy);
    });
    y += legendH;
  }
  if (o.caption) {
    ctx.font = `11px ${font}`;
    ctx.globalAlpha = 0.7;
    ctx.fillStyle = o.foreground;
    ctx.fillText(o.caption, PAD, y + GAP + ROW_H / 2, inner);
    ctx.globalAlpha = 1;
  }
  return toBlob(canvas);
}

/** The PNG of a chart panel: its recharts SVGs and canvases, title, and legend. */
export async function chartPng(panel: HTMLElement, legend?: LegendEntry[], caption?: string): Promise<Blob> {
  const sources = Array.from(
    panel.querySelectorAll<SVGSVGElement | HTMLCanvasElement>('svg.recharts-surface, canvas'),
  ).filter((el) => el.getBoundingClientRect().width > 0);
  if (sources.length === 0) throw new Error('this chart has nothing drawn yet');
  const title = panel.querySelector('h2, h3')?.textContent?.trim() ?? undefined;
  const fg = getComputedStyle(panel).color || '#000';
  return composePng(sources, {
    background: themeBackground(panel),
    foreground: fg,
    title,
    legend: legend ?? legendFromDom(panel),
    caption,
  });
}

/** The visible runs of a panel's legend (.legend-item buttons with a swatch). */
export function legendFromDom(panel: HTMLElement): LegendEntry[] {
  return Array.from(panel.querySelectorAll<HTMLElement>('.legend-item:not(.off)')).map((b) => ({
    label: (b.textContent ?? '').trim(),
    color: b.querySelector<HTMLElement>('.swatch')
      ? getComputedStyle(b.querySelector<HTMLElement>('.swatch')!).backgroundColor
      : '#888',
  }));
}
