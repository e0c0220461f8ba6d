// The external data files of one weight phase, each opened once. The sparsity scan reads a few
// small windows from every weight tensor — on a 48-layer decoder ~11k reads from one 9 GB file —
// and opening, fstat-ing and closing the file around each of them was three syscalls of four per
// read. While a phase holds the accessor (OnnxWeights.holdFilesOpen), reads share one descriptor
// per file; the phase's end (done, thrown or cancelled) closes them all.

import * as fs from 'node:fs';
import { openRegularFile } from '../io/regularFile';

export class ExternalFiles {
  private readonly fds = new Map<string, number>();

  /** The descriptor of `file`, opened (as a regular file only) on first use. */
  fd(file: string): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openRegularFile(file).fd;
      this.fds.set(file, fd);
    }
    return fd;
  }

  /** Closes every descriptor; closing twice is harmless. */
  close(): void {
    for (const fd of this.fds.values()) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed: nothing left to release.
      }
    }
    this.fds.clear();
  }
}
