// Positioned reads over a model file or an in-memory buffer. Readers ask only for the byte ranges
// they parse, so the weights of a large model are never read during analysis; `bytesRead` lets the
// benchmark prove it.

import * as fs from 'node:fs';
import { noteFileRead } from './readMeter';
import { openRegularFile } from './regularFile';

export interface ByteSource {
  /** For messages: the file path or a label. */
  readonly label: string;
  readonly size: number;
  /**
   * Bytes [offset, offset + length). The caller checks bounds against `size` first. The result may
   * be a view of memory the source shares (MemoryByteSource): treat it as read-only.
   */
  read(offset: number, length: number): Uint8Array;
  /** Total bytes handed out by `read` so far. */
  readonly bytesRead: number;
  close(): void;
}

export class MemoryByteSource implements ByteSource {
  bytesRead = 0;
  constructor(readonly label: string, private readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.byteLength;
  }
  read(offset: number, length: number): Uint8Array {
    this.bytesRead += length;
    return this.bytes.subarray(offset, offset + length);
  }
  close(): void {}
}

export class FileByteSource implements ByteSource {
  bytesRead = 0;
  readonly size: number;
  private fd: number | null;

  /** Throws UnreadableFileError for anything but a regular file (a FIFO, a device, a folder). */
  constructor(readonly label: string, private readonly path: string = label) {
    const { fd, size } = openRegularFile(path, label);
    this.fd = fd;
    this.size = size;
  }

  read(offset: number, length: number): Uint8Array {
    if (this.fd === null) throw new Error(`${this.label}: read after close`);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, out, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    this.bytesRead += done;
    noteFileRead(this.path, offset, done);
    return done === length ? out : out.subarray(0, done);
  }

  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}
