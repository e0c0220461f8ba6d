// Counts every byte DeployLens reads from model files (the reader's positioned reads, weight reads
// that reopen the file, external data files), so the benchmark can print what the verdict path
// costs in I/O and the tests can prove that it reads no weight bytes. One meter per thread: the
// analysis worker and the CLI run one analysis at a time, so a delta around an analysis is its reads.

export interface FileRead {
  /** The path opened (not the label). */
  file: string;
  offset: number;
  length: number;
}

type ReadListener = (read: FileRead) => void;

const listeners = new Set<ReadListener>();

export const readMeter = {
  /** Bytes read from files since the thread started. */
  bytes: 0,
  /** Positioned reads since the thread started. */
  reads: 0,
};

/** Called by every file read (FileByteSource, external data). */
export function noteFileRead(file: string, offset: number, length: number): void {
  readMeter.bytes += length;
  readMeter.reads++;
  if (listeners.size > 0) for (const l of listeners) l({ file, offset, length });
}

/** Records every file read while `run` runs (tests: which byte ranges an analysis touched). */
export function recordReads<T>(run: () => T): { result: T; reads: FileRead[] } {
  const reads: FileRead[] = [];
  const l: ReadListener = (r) => reads.push(r);
  listeners.add(l);
  try {
    return { result: run(), reads };
  } finally {
    listeners.delete(l);
  }
}
