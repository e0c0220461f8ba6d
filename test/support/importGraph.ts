// The import graph of the project's TypeScript sources, read with TypeScript's own pre-processor
// (every import, `import type`, re-export, dynamic import and require — type-only imports count:
// a cycle of types is still two modules that cannot be understood or moved one without the other),
// and its cycles: the strongly connected components with more than one module, or a module that
// imports itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** Module (repo-relative path, '/'-separated) → the project modules it imports. */
export type ImportGraph = Map<string, string[]>;

export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const files: string[] = [];
  for (const folder of folders) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
      if (/\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts')) files.push(path.posix.join(folder, f.split(path.sep).join('/')));
    }
  }
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true);
    const deps = new Set<string>();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      const hit = [base, `${base}.ts`, `${base}.mts`, `${base}/index.ts`, base.replace(/\.[mc]?js$/, '.ts')].find((c) => known.has(c));
      if (hit) deps.add(hit);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** Every cycle of the graph as one strongly connected component (Tarjan), each sorted, largest first. */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative, so a long import chain cannot overflow the stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, next); low.set(start, next); next++; stack.push(start); onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const deps = graph.get(top.v) ?? [];
      if (top.i < deps.length) {
        const w = deps[top.i++]!;
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++; stack.push(w); onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.v);
        if (component.length > 1 || deps.includes(top.v)) cycles.push(component.sort());
      }
    }
  }
  return cycles.sort((a, b) => b.length - a.length);
}
