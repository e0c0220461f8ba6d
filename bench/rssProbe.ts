// Preloaded into a measured process (`node -r out/bench/rssProbe.js dist/cli.js …`): prints the
// process's peak RSS (VmHWM; getrusage's maxrss would keep the spawner's across exec) at exit.
import * as fs from 'node:fs';

process.on('exit', () => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) fs.writeSync(2, `deploylens-peak-rss ${Number(m[1]) * 1024}\n`);
  } catch {
    // not Linux: no figure
  }
});
