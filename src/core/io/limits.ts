/**
 * Size limits on every file the app or the CLI reads (pure data; README "Limits"). A file over
 * its limit, or anything that is not a regular file (a FIFO, /dev/zero, a directory), is
 * refused with a message naming it before it is read.
 */
const MiB = 1024 * 1024;

/** `--spec` files and export documents (same as the browser's import). */
export const MAX_SPEC_FILE_BYTES = 64 * MiB;
/** A learned optimizer's model.json (header + manifest). */
export const MAX_WEIGHTS_JSON_BYTES = 4 * MiB;
/** One weights .bin file (the largest shipped set is 27 KB). */
export const MAX_WEIGHTS_BIN_BYTES = 64 * MiB;
/** The MNIST pack (public/data/mnist.bin, about 8 MB). */
export const MAX_DATA_FILE_BYTES = 256 * MiB;

export function formatBytes(n: number): string {
  return n >= MiB
    ? `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(0)} KiB`
      : `${n} bytes`;
}
