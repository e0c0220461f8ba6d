// `analyze --format json` output written model by model, as each one is analyzed: a report's text
// is written while its rows are made (core/report/jsonStream.ts), and nothing of a model is kept
// once its report is out, so analyzing several big models holds one at a time.
//
// A report written while it is made can fail part-way (an internal error in a row). A CI step must
// never read a cut-off report as a whole one: a regular output file is written under a temporary
// name beside it and renamed over it only when every report is complete; after a failure the
// temporary file is removed and a previous report at that path is left as it was. Standard output
// and special files (/dev/null, a pipe) cannot be taken back: the CLI says on stderr that what was
// written there is incomplete, and nothing more is written after the failure.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJson } from '../core/report/jsonStream';

/** The output could not be written (a user's problem, not a bug in the report). */
export class OutputError extends Error {}

/**
 * One model's report as itself, several as the array JSON.stringify(reports, null, 2) writes. The
 * file is created when the first report is written: as before, none when no model could be read.
 */
export class JsonReportsOutput {
  private fd: number | null = null;
  /** Where the text goes until finish(): a temporary name beside `out`, or `out` itself when it is not a regular file. */
  private target: string | null = null;
  private count = 0;
  /** A report failed part-way: nothing more is written and the output is discarded. */
  private broken = false;

  constructor(private readonly out: string | undefined, private readonly stdout: (s: string) => void, private readonly many: boolean) {}

  /** After a report failed part-way: what became of the output, for stderr. */
  incompleteMessage(): string | null {
    if (!this.broken) return null;
    if (this.out === undefined) return 'the JSON written to standard output is incomplete: an internal error stopped a report part-way (above)';
    if (this.target === this.out) return `the JSON written to ${this.out} is incomplete: an internal error stopped a report part-way (above)`;
    return `${this.out} was not written: an internal error stopped a report part-way (above)`;
  }

  add(report: unknown): void {
    if (this.broken) return;
    try {
      if (this.many) {
        this.write(this.count === 0 ? '[\n  ' : ',\n  ');
        writeJson(report, this.write, '', 1);
      } else {
        writeJson(report, this.write, '\n');
      }
    } catch (e) {
      if (!(e instanceof OutputError)) this.broken = true;
      throw e;
    }
    this.count++;
  }

  /** Ends the array of several reports and puts the file in place; after a failed report, discards it. */
  finish(): void {
    if (this.broken) return this.close();
    if (this.many && this.count > 0) this.write('\n]\n');
    const temporary = this.fd !== null && this.target !== this.out ? this.target : null;
    this.closeFile();
    if (temporary === null || this.out === undefined) return;
    try {
      fs.renameSync(temporary, this.out);
    } catch (e) {
      fs.rmSync(temporary, { force: true });
      throw new OutputError(`cannot write ${this.out}: ${(e as Error).message}`);
    }
  }

  /** Stops writing: a temporary file is removed, the path keeps what it had. */
  close(): void {
    const temporary = this.target !== this.out ? this.target : null;
    this.closeFile();
    if (temporary !== null) fs.rmSync(temporary, { force: true });
  }

  private closeFile(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    fs.closeSync(fd);
  }

  private open(out: string): number {
    let special = false;
    try {
      special = !fs.statSync(out).isFile();
    } catch {
      // Not there yet: written under a temporary name like any regular file.
    }
    this.target = special ? out : path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.deploylens-tmp`);
    return fs.openSync(this.target, 'w');
  }

  private readonly write = (chunk: string): void => {
    if (this.out === undefined) return this.stdout(chunk);
    try {
      this.fd ??= this.open(this.out);
      fs.writeSync(this.fd, chunk);
    } catch (e) {
      throw new OutputError(`cannot write ${this.out}: ${(e as Error).message}`);
    }
  };
}
