/**
 * Save bytes as a file: an <a download> on an object URL, clicked, then the URL revoked
 * (after a tick, so that the browser has started reading it).
 */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** A file-name-safe stem from free text ("Rosenbrock, seed 3" → "rosenbrock-seed-3"). */
export function fileStem(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 60) || 'export';
}
