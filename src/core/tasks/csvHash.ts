/**
 * The content hash a shared CSV link records: the first 16 hex digits (64 bits) of the
 * SHA-256 of the file's text (UTF-16 code units as UTF-8 via TextEncoder), from Web Crypto
 * (browser, worker and Node ≥ 20 alike).
 */
export const CSV_HASH_RE = /^[0-9a-f]{16}$/;

export async function csvHash(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}
