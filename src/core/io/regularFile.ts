// Opening files a repository provides: only regular files. A FIFO named model.onnx blocks a read
// forever, a symlink to /dev/zero never ends, a folder fails late with a confusing error. Opening
// with O_NONBLOCK returns at once even for a FIFO, and fstat on the descriptor (not the path, which
// could change in between) decides; anything but a regular file is closed and refused with its kind.

import * as fs from 'node:fs';
import { formatLimit } from '../limits';

/** A file that cannot be read, with the reason; `message` is `<label>: <problem>`. */
export class UnreadableFileError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'UnreadableFileError';
  }
}

function kindOf(s: fs.Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

function errnoProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'EISDIR') return 'not a regular file (a folder)';
  return code ?? (e as Error).message;
}

// O_NONBLOCK is POSIX; on Windows FIFOs and devices do not live in the file system this way.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Opens `file` for reading if it is a regular file (symlinks followed); returns the descriptor and its size. */
export function openRegularFile(file: string, label: string = file): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    throw new UnreadableFileError(label, errnoProblem(e));
  }
  try {
    const s = fs.fstatSync(fd);
    if (!s.isFile()) throw new UnreadableFileError(label, `not a regular file (${kindOf(s)})`);
    return { fd, size: s.size };
  } catch (e) {
    fs.closeSync(fd);
    if (e instanceof UnreadableFileError) throw e;
    throw new UnreadableFileError(label, errnoProblem(e));
  }
}

/**
 * Reads a whole regular file, refusing files larger than `maxBytes` before reading them. `what`
 * names the kind of file in the message ("a target profile", "an input file").
 */
export function readRegularFile(file: string, maxBytes: number, what: string, label: string = file): Buffer {
  const { fd, size } = openRegularFile(file, label);
  try {
    if (size > maxBytes) throw new UnreadableFileError(label, `is ${formatLimit(size)} bytes, larger than the ${describeBytes(maxBytes)} ${what} may be`);
    // Read at most maxBytes + 1: a file that grows while we read is still bounded.
    const buf = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let done = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, done, buf.length - done, done);
      if (n === 0) break;
      done += n;
      if (done === buf.length) break;
    }
    if (done > maxBytes) throw new UnreadableFileError(label, `is larger than the ${describeBytes(maxBytes)} ${what} may be`);
    return buf.subarray(0, done);
  } finally {
    fs.closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text. */
export function readRegularTextFile(file: string, maxBytes: number, what: string, label: string = file): string {
  return readRegularFile(file, maxBytes, what, label).toString('utf8');
}

/** `1 MiB`, `16 MiB`: limits are round binary sizes. */
export function describeBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${formatLimit(n)} bytes`;
}

/** True when `file` is (or resolves to) a regular file; never opens it. */
export function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
