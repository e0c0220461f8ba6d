// The runner for programs that are not ours (Vela, the user's Python, edgetpu_compiler). What a
// user relies on: a hung tool is stopped at its time-out together with what it started, cancel
// works, a missing program says so by name, output cannot grow without bound, the program's own
// failure (non-zero exit) is a result to read, and a memory limit is enforced by the OS.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { runTool, withTempDir } from '../src/processes/external/runTool';
import { ProcessError } from '../src/processes/rpc/processError';

const node = process.execPath;

/** Alive and not a zombie waiting for a parent that does not reap (PID 1 in a container may not). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

test('a program that exits non-zero is a result, with its stdout, stderr and exit code', async () => {
  const r = await runTool({ name: 'the probe', command: node, args: ['-e', 'console.log("out"); console.error("why"); process.exit(3)'], timeoutMs: 10_000 });
  assert.equal(r.exitCode, 3);
  assert.equal(r.stdout.trim(), 'out');
  assert.equal(r.stderr.trim(), 'why');
  assert.equal(r.truncated, false);
  assert.match(r.commandLine, /-e/);
});

test('a hung program and the child it started are stopped at the time-out', async () => {
  // The program starts a grandchild that would outlive it, writes its pid, then hangs.
  let grandchild = 0;
  await withTempDir('deploylens-runtool-', async (dir) => {
    const pidFile = `${dir}/pid`;
    const s2 = `const c=require("child_process").spawn(process.execPath,["-e","setInterval(()=>{},1000)"],{stdio:"ignore"});require("fs").writeFileSync(${JSON.stringify(pidFile)},String(c.pid));setInterval(()=>{},1000)`;
    await assert.rejects(runTool({ name: 'the hung tool', command: node, args: ['-e', s2], timeoutMs: 1500 }),
      (e: unknown) => e instanceof ProcessError && e.kind === 'timeout' && /the hung tool did not finish within 2 s/.test(e.message));
    grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  });
  assert.ok(grandchild > 0);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(!isRunning(grandchild), 'the grandchild must be gone with its process group');
});

test('cancel stops the program and rejects as cancelled', async () => {
  const ac = new AbortController();
  const p = runTool({ name: 'the slow tool', command: node, args: ['-e', 'setInterval(()=>{},1000)'], timeoutMs: 60_000, signal: ac.signal });
  setTimeout(() => ac.abort(), 200);
  await assert.rejects(p, (e: unknown) => e instanceof ProcessError && e.kind === 'cancelled');
});

test('a program that does not exist is unavailable, by name', async () => {
  await assert.rejects(runTool({ name: 'Arm Vela', command: 'deploylens-no-such-program', args: [], timeoutMs: 5000 }),
    (e: unknown) => e instanceof ProcessError && e.kind === 'unavailable' && /Arm Vela could not be started: 'deploylens-no-such-program' was not found/.test(e.message));
});

test('output beyond the cap is dropped and flagged, never held', async () => {
  const r = await runTool({ name: 'the chatty tool', command: node, args: ['-e', 'process.stdout.write("x".repeat(1<<20))'], timeoutMs: 10_000, maxOutputBytes: 1000 });
  assert.equal(r.stdout.length, 1000);
  assert.equal(r.truncated, true);
});

test('stderr lines arrive one by one as the program writes them', async () => {
  const lines: string[] = [];
  await runTool({ name: 'the logger', command: node, args: ['-e', 'console.error("a"); console.error("b\\nc")'], timeoutMs: 10_000, onStderrLine: (l) => lines.push(l) });
  assert.deepEqual(lines, ['a', 'b', 'c']);
});

test('the memory limit is enforced by the OS where prlimit exists', { skip: process.platform !== 'linux' || !fs.existsSync('/usr/bin/prlimit') ? 'needs Linux prlimit' : false }, async () => {
  // 1.5 GB of live buffers under a 512 MB address-space cap: the program cannot finish normally.
  const r = await runTool({
    name: 'the greedy tool', command: node, timeoutMs: 30_000, memoryLimitBytes: 512 * 1024 * 1024,
    args: ['-e', 'const a=[];for(let i=0;i<24;i++)a.push(Buffer.alloc(64<<20,1));console.log("done")'],
  });
  assert.notEqual(r.stdout.trim(), 'done');
  assert.ok(r.exitCode !== 0 || r.signal !== null);
});

test('the temp folder is removed after the run, also when it fails', async () => {
  let seen = '';
  await assert.rejects(withTempDir('deploylens-runtool-', async (dir) => {
    seen = dir;
    fs.writeFileSync(`${dir}/f`, 'x');
    throw new Error('boom');
  }), /boom/);
  assert.ok(seen && !fs.existsSync(seen));
});
