// The one failure convention of every process boundary. A request to a worker thread or a child
// process either resolves with its result or rejects with a ProcessError whose `kind` says what
// happened, and whose message names the process (and, when it died, the exit code or signal and
// the last lines it wrote to stderr):
//   timeout     — no answer within the request's time-out; the process was stopped and restarts
//                 on the next request
//   exited      — the process ended (crash, out of memory, killed) while the request was pending;
//                 it restarts on the next request
//   cancelled   — the request's AbortSignal fired
//   remote      — the process answered with an error (`code` says which, when the protocol names one)
//   unavailable — the process could not be started or the request could not be sent
//   disposed    — the client was shut down

export type ProcessErrorKind = 'timeout' | 'exited' | 'cancelled' | 'remote' | 'unavailable' | 'disposed';

export interface ProcessErrorDetails {
  /** A remote error's code, as the boundary's protocol defines it (e.g. 'read' for a bad model file). */
  code?: string;
  exitCode?: number | null;
  signal?: string | null;
  /** The last lines of the process's stderr, or the error a worker thread died of. */
  stderrTail?: string;
  /** The process died of its memory limit (a worker's heap cap, an OS limit, a failed native allocation). */
  outOfMemory?: boolean;
}

export class ProcessError extends Error {
  override readonly name = 'ProcessError';
  readonly code: string | undefined;
  readonly exitCode: number | null | undefined;
  readonly signal: string | null | undefined;
  readonly stderrTail: string | undefined;
  readonly outOfMemory: boolean;

  constructor(readonly kind: ProcessErrorKind, readonly process: string, message: string, details: ProcessErrorDetails = {}) {
    super(message);
    this.code = details.code;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderrTail = details.stderrTail;
    this.outOfMemory = details.outOfMemory ?? false;
  }
}

/** True when `e` is a request's own cancellation (the user asked for it: not worth a log line). */
export function isCancelled(e: unknown): boolean {
  return e instanceof ProcessError && e.kind === 'cancelled';
}

/** A remote error with this code (e.g. the analysis worker's 'read': the model file is bad). */
export function isRemoteError(e: unknown, code?: string): e is ProcessError {
  return e instanceof ProcessError && e.kind === 'remote' && (code === undefined || e.code === code);
}

