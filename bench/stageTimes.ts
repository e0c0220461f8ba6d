// Profiling aids' stage timer (bench/profile-stages.ts, bench/profile-pack.ts): CPU time of named
// stages over several runs, printed as medians.

/** CPU time of this process (user + system), not wall time: on a shared machine it moves far less with the load. */
export const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** The collector when node runs with --expose-gc, else nothing. */
export const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

export class StageTimes {
  private readonly times = new Map<string, number[]>();

  /** Runs `f`, adding its CPU time to stage `name`. */
  time<T>(name: string, f: () => T): T {
    const t0 = cpuMs();
    const r = f();
    this.add(name, cpuMs() - t0);
    return r;
  }

  add(name: string, ms: number): void {
    const list = this.times.get(name) ?? [];
    list.push(ms);
    this.times.set(name, list);
  }

  /** One line per stage, in first-seen order: median CPU ms (and the minimum when asked). */
  print(width: number, withMin = false): void {
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [k, v] of this.times) console.log(`${k.padEnd(width)} ${med(v).toFixed(2).padStart(9)} ms${withMin ? `  (min ${Math.min(...v).toFixed(1)})` : ''}`);
  }
}
