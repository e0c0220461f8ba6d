// `analyze --format json` output written model by model, as each one is analyzed: a report's text
// is written while its rows are made (core/report/jsonStream.ts), and nothing of a model is kept
// once its report is out, so analyzing several big models holds one at a time.

import * as fs from 'node:fs';
import { writeJson } from '../core/report/jsonStream';

/** The output could not be written (a user's problem, not a bug in the report). */
export class OutputError extends Error {}

/**
 * One model's report as itself, several as the array JSON.stringify(reports, null, 2) writes. The
 * file is created when the first report is written: as before, none when no model could be read.
 */
export class JsonReportsOutput {
  private fd: number | null = null;
  private count = 0;

  constructor(private readonly out: string | undefined, private readonly stdout: (s: string) => void, private readonly many: boolean) {}

  add(report: unknown): void {
    if (this.many) {
      this.write(this.count === 0 ? '[\n  ' : ',\n  ');
      writeJson(report, this.write, '', 1);
    } else {
      writeJson(report, this.write, '\n');
    }
    this.count++;
  }

  /** Ends the array of several reports and closes the file. */
  finish(): void {
    try {
      if (this.many && this.count > 0) this.write('\n]\n');
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }

  private readonly write = (chunk: string): void => {
    if (this.out === undefined) return this.stdout(chunk);
    try {
      this.fd ??= fs.openSync(this.out, 'w');
      fs.writeSync(this.fd, chunk);
    } catch (e) {
      throw new OutputError(`cannot write ${this.out}: ${(e as Error).message}`);
    }
  };
}
