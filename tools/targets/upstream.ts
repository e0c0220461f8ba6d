// Read access to the pinned upstream files under third_party/upstream/ (see its README.md), and
// the citation format every generated op entry carries: "<repo>@<commit> <path>:<line>".

import * as fs from 'node:fs';
import * as path from 'node:path';

interface PinnedSource {
  repo: string;
  /** One commit for the whole directory, or one per file (ONNX Runtime, read file by file). */
  commit?: string;
  files?: Record<string, string>;
  licence: string;
  licenceFile: string;
  note?: string;
}

export class Upstream {
  readonly root: string;
  private readonly sources: Record<string, PinnedSource>;
  private readonly cache = new Map<string, string[]>();

  constructor(repoRoot: string) {
    this.root = path.join(repoRoot, 'third_party', 'upstream');
    this.sources = JSON.parse(fs.readFileSync(path.join(this.root, 'sources.json'), 'utf8')) as Record<string, PinnedSource>;
  }

  /** Lines of a pinned file (1-based line n is lines[n - 1]). */
  lines(dir: string, file: string): string[] {
    const key = `${dir}/${file}`;
    let lines = this.cache.get(key);
    if (!lines) {
      const full = path.join(this.root, dir, file);
      if (!fs.existsSync(full)) throw new Error(`pinned upstream file missing: third_party/upstream/${key} (run third_party/upstream/pin.sh)`);
      lines = fs.readFileSync(full, 'utf8').split('\n');
      this.cache.set(key, lines);
    }
    return lines;
  }

  text(dir: string, file: string): string {
    return this.lines(dir, file).join('\n');
  }

  exists(dir: string, file: string): boolean {
    return fs.existsSync(path.join(this.root, dir, file));
  }

  /** Files of a pinned directory, relative to it. */
  list(dir: string, sub: string): string[] {
    const full = path.join(this.root, dir, sub);
    if (!fs.existsSync(full)) return [];
    return fs.readdirSync(full).filter((f) => fs.statSync(path.join(full, f)).isFile()).map((f) => `${sub}/${f}`).sort();
  }

  commitOf(dir: string, file: string): string {
    const s = this.source(dir);
    const commit = s.files?.[file] ?? s.commit;
    if (!commit) throw new Error(`no pinned commit for ${dir}/${file} in third_party/upstream/sources.json`);
    return commit;
  }

  source(dir: string): PinnedSource {
    const s = this.sources[dir];
    if (!s) throw new Error(`unknown pinned source '${dir}' (third_party/upstream/sources.json)`);
    return s;
  }

  /** "tensorflow/tflite-micro@90b983c2b3 tensorflow/lite/micro/kernels/exp.cc:41" */
  cite(dir: string, file: string, line?: number): string {
    const upstreamPath = file.replace(/\.excerpt$/, '');
    const excerpt = file.endsWith('.excerpt') ? ' (excerpt)' : '';
    return `${this.source(dir).repo}@${this.commitOf(dir, file).slice(0, 10)} ${upstreamPath}${line ? `:${line}` : ''}${excerpt}`;
  }

  /** 1-based line of the first line matching `re` at or after `from`; throws when absent (a pinned file changed shape). */
  findLine(dir: string, file: string, re: RegExp, from = 1): number {
    const lines = this.lines(dir, file);
    for (let i = Math.max(0, from - 1); i < lines.length; i++) if (re.test(lines[i]!)) return i + 1;
    throw new Error(`${dir}/${file}: no line matches ${re}`);
  }
}

/** Normalizes builtin spellings so 'kTfLiteBuiltinAveragePool2d', 'AveragePool2D' and 'AVERAGE_POOL_2D' compare equal. */
export function builtinKey(name: string): string {
  return name.replace(/^kTfLiteBuiltin/, '').replace(/_/g, '').toLowerCase();
}
