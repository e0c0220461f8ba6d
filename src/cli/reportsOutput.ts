// `analyze` output written model by model, as each one is analyzed: a report's JSON, text or
// Markdown is written while its rows are made (core/report/jsonStream.ts, renderText.ts), and
// nothing of a model is kept once its report is out (SARIF keeps its findings), so analyzing
// several big models holds one at a time.
//
// A report written while it is made can fail part-way (an internal error in a row). A CI step must
// never read a cut-off report as a whole one: a regular output file is written under a temporary
// name beside it and renamed over it only when every report is complete; after a failure the
// temporary file is removed and a previous report at that path is left as it was. Standard output
// and special files (/dev/null, a pipe) cannot be taken back: the CLI says on stderr that what was
// written there is incomplete, and nothing more is written after the failure.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { toSarif, type SarifSource } from '../core/findings/sarif';
import { writeJson } from '../core/report/jsonStream';
import { writeMarkdown, writeText, type RenderableReport } from '../core/report/renderText';

/** The output could not be written (a user's problem, not a bug in the report). */
export class OutputError extends Error {}

/** How the reports of one run are laid out in the output. */
export interface OutputLayout<R> {
  /** 'JSON', 'text', …: for the message about an incomplete output. */
  readonly name: string;
  /** Writes report number `index` of the run (0-based) and what separates it from the one before. */
  add(report: R, index: number, write: (chunk: string) => void): void;
  /** Writes what ends the output after `count` reports (count > 0). */
  end(count: number, write: (chunk: string) => void): void;
}

/** One model's report as itself, several as the array JSON.stringify(reports, null, 2) writes. */
export function jsonLayout(many: boolean): OutputLayout<unknown> {
  return {
    name: 'JSON',
    add: (report, index, write) => {
      if (!many) return writeJson(report, write, '\n');
      write(index === 0 ? '[\n  ' : ',\n  ');
      writeJson(report, write, '', 1);
    },
    end: (_count, write) => {
      if (many) write('\n]\n');
    },
  };
}

/** Each report's text (or Markdown) in turn, as `reports.map(formatText).join('\n')` (Markdown: joined by a rule). */
export function textLayout(markdown: boolean): OutputLayout<RenderableReport> {
  return {
    name: markdown ? 'Markdown' : 'text',
    add: (report, index, write) => {
      if (index > 0) write(markdown ? '\n---\n\n' : '\n');
      (markdown ? writeMarkdown : writeText)(report, write);
    },
    end: () => undefined,
  };
}

/**
 * One SARIF log over every model's findings, written at the end: of each report only what SARIF
 * reads (its path, tool and findings) is kept, not its analysis.
 */
export function sarifLayout(): OutputLayout<SarifSource> {
  const kept: SarifSource[] = [];
  return {
    name: 'SARIF',
    add: (report) => {
      kept.push({ tool: report.tool, model: { path: report.model.path }, diagnostics: report.diagnostics });
    },
    end: (_count, write) => writeJson(toSarif(kept), write, '\n'),
  };
}

/**
 * The reports of one `analyze` run, laid out by `layout`. The file is created when the first
 * report is written: as before, none when no model could be read.
 */
export class ReportsOutput<R> {
  private fd: number | null = null;
  /** Where the text goes until finish(): a temporary name beside `out`, or `out` itself when it is not a regular file. */
  private target: string | null = null;
  private count = 0;
  /** A report failed part-way: nothing more is written and the output is discarded. */
  private broken = false;

  constructor(private readonly out: string | undefined, private readonly stdout: (s: string) => void, private readonly layout: OutputLayout<R>) {}

  /** After a report failed part-way: what became of the output, for stderr. */
  incompleteMessage(): string | null {
    if (!this.broken) return null;
    const name = this.layout.name;
    if (this.out === undefined) return `the ${name} written to standard output is incomplete: an internal error stopped a report part-way (above)`;
    if (this.target === this.out) return `the ${name} written to ${this.out} is incomplete: an internal error stopped a report part-way (above)`;
    return `${this.out} was not written: an internal error stopped a report part-way (above)`;
  }

  add(report: R): void {
    if (this.broken) return;
    try {
      this.layout.add(report, this.count, this.write);
    } catch (e) {
      if (!(e instanceof OutputError)) this.broken = true;
      throw e;
    }
    this.count++;
  }

  /** Ends the output (the array of several JSON reports, the SARIF log) and puts the file in place; after a failed report, discards it. */
  finish(): void {
    if (this.broken) return this.close();
    if (this.count > 0) {
      try {
        this.layout.end(this.count, this.write);
      } catch (e) {
        if (!(e instanceof OutputError)) this.broken = true;
        throw e;
      }
    }
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
