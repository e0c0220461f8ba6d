// Reads what Coral's edgetpu_compiler prints with `-s` (and writes to its `<model>_edgetpu.log`):
// the compiler version, the on-chip / off-chip parameter memory, how many operations run on the
// Edge TPU and on the CPU, and the per-op table ("Operator / Count / Status", one row per op type
// and status). The compiler is closed and does not install here, so this is how its answer gets
// beside DeployLens's prediction: the user saves the log and loads it. Pure: text in, data out.

export interface EdgeTpuLogRow {
  /** TFLite builtin as the compiler prints it ('CONV_2D', 'CUSTOM'). */
  op: string;
  count: number;
  /** "Mapped to Edge TPU", or why not ("More than one subgraph is not supported", …). */
  status: string;
  onTpu: boolean;
}

export interface EdgeTpuLog {
  compilerVersion: string | null;
  inputModel: string | null;
  onChipBytes: number | null;
  onChipRemainingBytes: number | null;
  offChipBytes: number | null;
  subgraphs: number | null;
  totalOps: number | null;
  tpuOps: number | null;
  cpuOps: number | null;
  rows: EdgeTpuLogRow[];
}

export class EdgeTpuLogError extends Error {}

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

function bytes(text: string, label: string): number | null {
  const m = new RegExp(`^\\s*${label}:\\s*([0-9.]+)\\s*(B|KiB|MiB|GiB)\\s*$`, 'm').exec(text);
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : null;
}

function int(text: string, label: string): number | null {
  const m = new RegExp(`^\\s*${label}:\\s*(\\d+)\\s*$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

/** The status that means "runs on the Edge TPU"; every other status is a reason for the CPU. */
export const MAPPED = 'Mapped to Edge TPU';

/**
 * Parses a `-s` log. Lines may be indented (logs pasted inside Markdown); the table starts after
 * its "Operator  Count  Status" header and ends at the first line that is not a row. Throws
 * EdgeTpuLogError when the text has neither the table nor the operation counts.
 */
export function parseEdgeTpuLog(text: string): EdgeTpuLog {
  const lines = text.split(/\r?\n/);
  const rows: EdgeTpuLogRow[] = [];
  let inTable = false;
  for (const raw of lines) {
    const l = raw.trim();
    if (/^Operator\s+Count\s+Status$/.test(l)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (l === '') continue;
    // "CONV_2D                        35         Mapped to Edge TPU"
    const m = /^([A-Z][A-Z0-9_]*)\s+(\d+)\s+(\S.*)$/.exec(l);
    if (!m) {
      inTable = false;
      continue;
    }
    const status = m[3]!.trim();
    rows.push({ op: m[1]!, count: Number(m[2]), status, onTpu: status === MAPPED });
  }
  const log: EdgeTpuLog = {
    compilerVersion: /Edge TPU Compiler version (\S+)/.exec(text)?.[1] ?? null,
    inputModel: /^\s*Input(?: model)?:\s*(\S.*?)\s*$/m.exec(text)?.[1] ?? null,
    onChipBytes: bytes(text, 'On-chip memory used for caching model parameters'),
    onChipRemainingBytes: bytes(text, 'On-chip memory remaining for caching model parameters'),
    offChipBytes: bytes(text, 'Off-chip memory used for streaming uncached model parameters'),
    subgraphs: int(text, 'Number of Edge TPU subgraphs'),
    totalOps: int(text, 'Total number of operations'),
    tpuOps: int(text, 'Number of operations that will run on Edge TPU'),
    cpuOps: int(text, 'Number of operations that will run on CPU'),
    rows,
  };
  if (rows.length === 0 && log.tpuOps === null && log.totalOps === null) {
    throw new EdgeTpuLogError('no edgetpu_compiler operation table ("Operator  Count  Status") and no operation counts found: save the output of `edgetpu_compiler -s MODEL.tflite` or its MODEL_edgetpu.log');
  }
  // The MODEL_edgetpu.log file has the table but not the count lines: count from the table.
  if (log.tpuOps === null && rows.length > 0) log.tpuOps = rows.filter((r) => r.onTpu).reduce((a, r) => a + r.count, 0);
  if (log.cpuOps === null && rows.length > 0) log.cpuOps = rows.filter((r) => !r.onTpu).reduce((a, r) => a + r.count, 0);
  return log;
}
