// An edgetpu_compiler log beside DeployLens's Coral prediction: per op type, how many operations the
// compiler mapped to the Edge TPU and left on the CPU (with its status lines) against DeployLens's
// counts, every op type where they differ, and whether the log describes this model at all.
// The compiler counts per op type, not per operator, so that is the level of the comparison.
// Pure: a report and a parsed log in, a new report out.

import type { Report, ReportDiagnostic, ReportEdgeTpuOracle, ReportEdgeTpuRow, ReportNode } from '../report/report';
import { reviseReport } from '../report/packedReport';
import type { FindingCode } from '../findings/catalog';
import type { EdgeTpuLog } from './edgetpuLog';

/**
 * The operators the compiler sees: a .tflite file's own ops (each as a kernel, a fused op counted
 * where DeployLens places its host), or for an ONNX model the deployed graph (its TFLite conversion).
 */
function compiledOps(report: Report): { op: string; onTpu: boolean }[] {
  if (report.model.format === 'tflite') {
    return report.nodes.map((n: ReportNode) => ({ op: n.domain === 'tflite.custom' ? 'CUSTOM' : n.op, onTpu: n.device === 'accelerator' }));
  }
  return (report.deployed?.nodes ?? []).map((n) => ({ op: n.op, onTpu: n.device === 'accelerator' }));
}

export function edgeTpuSection(report: Report, log: EdgeTpuLog, source: string): ReportEdgeTpuOracle {
  const byOp = new Map<string, ReportEdgeTpuRow>();
  const row = (op: string) => {
    let r = byOp.get(op);
    if (!r) byOp.set(op, r = { op, compilerTpu: 0, compilerCpu: 0, cpuStatus: [], deployLensTpu: 0, deployLensCpu: 0 });
    return r;
  };
  for (const l of log.rows) {
    const r = row(l.op);
    if (l.onTpu) r.compilerTpu += l.count;
    else {
      r.compilerCpu += l.count;
      if (!r.cpuStatus.includes(l.status)) r.cpuStatus.push(l.status);
    }
  }
  const ops = compiledOps(report);
  for (const o of ops) {
    const r = row(o.op);
    if (o.onTpu) r.deployLensTpu++;
    else r.deployLensCpu++;
  }
  const rows = [...byOp.values()].sort((a, b) => (b.compilerTpu + b.compilerCpu) - (a.compilerTpu + a.compilerCpu) || a.op.localeCompare(b.op));
  const hasTable = log.rows.length > 0;
  const disagreements = hasTable ? rows.filter((r) => r.compilerTpu !== r.deployLensTpu || r.compilerCpu !== r.deployLensCpu).map((r) => r.op) : [];
  const logTotal = log.totalOps ?? (hasTable ? log.rows.reduce((a, r) => a + r.count, 0) : null);
  const mismatch = logTotal !== null && logTotal !== ops.length
    ? `the log counts ${logTotal} operations, the model has ${ops.length}: it may come from another model or another conversion of it`
    : null;
  return {
    source, compilerVersion: log.compilerVersion, tpuOps: log.tpuOps, cpuOps: log.cpuOps, totalOps: log.totalOps, subgraphs: log.subgraphs,
    onChipBytes: log.onChipBytes, onChipRemainingBytes: log.onChipRemainingBytes, offChipBytes: log.offChipBytes,
    rows, disagreements, mismatch,
  };
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export function edgeTpuFindings(report: Report, section: ReportEdgeTpuOracle): ReportDiagnostic[] {
  const target = report.target?.id;
  const withTarget = (d: ReportDiagnostic): ReportDiagnostic => (target ? { ...d, target } : d);
  const who = `edgetpu_compiler${section.compilerVersion ? ` ${section.compilerVersion}` : ''}`;
  const out: ReportDiagnostic[] = [];
  if (section.mismatch) out.push(withTarget({ severity: 'warning', code: 'oracle/edgetpu-log-mismatch', message: `The loaded ${who} log (${section.source}) does not match this model: ${section.mismatch}.` }));
  for (const op of section.disagreements) {
    const r = section.rows.find((x) => x.op === op)!;
    const compiler = `${who} maps ${r.compilerTpu} to the Edge TPU and leaves ${r.compilerCpu} on the CPU${r.cpuStatus.length ? ` (${r.cpuStatus.join('; ')})` : ''}`;
    out.push(withTarget({
      severity: 'warning', code: 'oracle/edgetpu-disagrees',
      message: `${op} (${plural(r.compilerTpu + r.compilerCpu, 'op')} in the log, ${plural(r.deployLensTpu + r.deployLensCpu, 'op')} in the model): ${compiler}; DeployLens predicted ${r.deployLensTpu} on the Edge TPU and ${r.deployLensCpu} on the CPU.`,
    }));
  }
  return out;
}

const EDGETPU_CODES: readonly FindingCode[] = ['oracle/edgetpu-disagrees', 'oracle/edgetpu-log-mismatch'];

export function withEdgeTpu(report: Report, section: ReportEdgeTpuOracle): Report {
  return reviseReport(report, { oracles: { ...report.oracles, edgetpu: section }, diagnostics: [...report.diagnostics.filter((d) => !EDGETPU_CODES.includes(d.code)), ...edgeTpuFindings(report, section)] });
}
