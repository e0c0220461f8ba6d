// How far a hover support table is: it is computed one worker request per target (16 built-in
// targets; ~270 ms each on a 10,000-node decoder), so a hover can tell whether waiting for it is
// worth a few milliseconds or would only delay the answer. No vscode import: unit-tested.

/** A support table being computed: when it started, and how many of its targets are done. */
export interface SupportProgress {
  started: number;
  done: number;
  total: number;
}

/**
 * Expected milliseconds until the table is ready: the targets not started yet, each at the pace of
 * those so far (the one in flight counted as taking at least its time so far). 0 while the last
 * target is in flight or none has had time to show a pace: a hover may wait a little then.
 */
export function expectedSupportMs(p: SupportProgress, now: number): number {
  const notStarted = p.total - p.done - 1;
  if (notStarted <= 0) return 0;
  return (notStarted * Math.max(0, now - p.started)) / (p.done + 1);
}
