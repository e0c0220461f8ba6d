// An OS memory limit for a process we start, where the platform has one: on Linux, util-linux's
// `prlimit` sets a resource limit and then execs the program, so the limit holds from its first
// instruction (no window between start and limit, no synchronous call on the caller's thread).
// Elsewhere there is none and callers rely on their time-outs and heap caps.
//
// Which limit: RLIMIT_DATA (`--data`) for our own Node children — it counts the private writable
// memory a process commits (malloc, ONNX Runtime's arena, V8's committed heap), not the address
// space V8 and thread stacks only reserve; RLIMIT_AS (`--as`) for programs that are not ours
// (runTool), which may not be Node.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

let prlimitPath: string | null | undefined;

/** `prlimit` from util-linux, when this machine has it (looked up once). */
export function findPrlimit(): string | null {
  if (prlimitPath !== undefined) return prlimitPath;
  prlimitPath = null;
  if (process.platform !== 'linux') return prlimitPath;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/bin'])) {
    const candidate = path.join(dir, 'prlimit');
    if (dir && fs.existsSync(candidate)) {
      const probe = spawnSync(candidate, ['--version'], { stdio: 'ignore', timeout: 2000 });
      if (probe.status === 0) prlimitPath = candidate;
      break;
    }
  }
  return prlimitPath;
}

export type MemoryLimitKind = 'data' | 'as';

/** The command line that runs `command args` under the limit, or null when this platform cannot enforce one. */
export function withMemoryLimit(limitBytes: number, kind: MemoryLimitKind, command: string, args: readonly string[]): { command: string; args: string[] } | null {
  const prlimit = findPrlimit();
  if (!prlimit) return null;
  return { command: prlimit, args: [`--${kind}=${Math.floor(limitBytes)}`, '--', command, ...args] };
}
