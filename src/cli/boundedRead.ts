/**
 * Node file reads with a size limit and a type check (src/core/io/limits.ts): only regular
 * files are read (a FIFO, a device such as /dev/zero, a socket or a directory is refused
 * without blocking on it), and a file larger than the limit, or one that grows past it while
 * being read, is refused. Errors name the file, what it was read as, and the limit.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { formatBytes } from '../core/io/limits';

export class FileReadError extends Error {
  override name = 'FileReadError';
  /** The system error code when the file could not be opened (ENOENT, EACCES, …). */
  code?: string;
}

function kindOf(st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The bytes of a regular file of at most `maxBytes`. `what` names it in messages. */
export async function readBounded(path: string, maxBytes: number, what: string): Promise<Uint8Array> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw Object.assign(new FileReadError(`${what}: cannot read '${path}' (${why})`), { code });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new FileReadError(`${what}: '${path}' is ${kindOf(st)}; expected a regular file`);
    if (st.size > maxBytes) {
      throw new FileReadError(
        `${what}: '${path}' is ${formatBytes(st.size)}; the limit is ${formatBytes(maxBytes)}`,
      );
    }
    // Read at most maxBytes + 1 so a file that grows meanwhile is caught, not read without end.
    const buf = new Uint8Array(Math.min(maxBytes + 1, st.size + 65536));
    let got = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > maxBytes) {
        throw new FileReadError(`${what}: '${path}' grew past the limit of ${formatBytes(maxBytes)}`);
      }
      if (got === buf.length) throw new FileReadError(`${what}: '${path}' changed while being read`);
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** readBounded as UTF-8 text. */
export async function readBoundedText(path: string, maxBytes: number, what: string): Promise<string> {
  return new TextDecoder().decode(await readBounded(path, maxBytes, what));
}

/** readBounded as a standalone ArrayBuffer (tfjs weight data). */
export async function readBoundedBuffer(path: string, maxBytes: number, what: string): Promise<ArrayBuffer> {
  const b = await readBounded(path, maxBytes, what);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
