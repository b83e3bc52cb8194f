/**
 * Files a user picked for a weights import: the one .json and every weight file, by name (a
 * sharded set names several .bin files in its manifest). No tfjs here.
 */
export async function pickWeightFiles(
  files: readonly File[],
): Promise<{ json: string; bins: Record<string, ArrayBuffer> } | string> {
  const jsons = files.filter((f) => f.name.endsWith('.json'));
  const bins = files.filter((f) => !f.name.endsWith('.json'));
  if (jsons.length !== 1 || bins.length === 0) return 'choose the .json and every .bin it names';
  const entries = await Promise.all(bins.map(async (f) => [f.name, await f.arrayBuffer()] as const));
  return { json: await jsons[0].text(), bins: Object.fromEntries(entries) };
}
