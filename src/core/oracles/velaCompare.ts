// Arm Vela's answer beside DeployLens's prediction: which processor each operator of the model runs
// on according to each (and why), Vela's per-layer cycles, its SRAM and flash use against the
// profile, and every operator on which the two disagree — as the report's `oracles.vela` section
// and as findings. Pure: a report and Vela's parsed output in, a new report out.

import type { ReportDiagnostic, Report, ReportNode, ReportOracleDisagreement, ReportVelaOp, ReportVelaOracle, OracleDevice } from '../report/report';
import { reviseReport } from '../report/packedReport';
import type { FindingCode } from '../findings/catalog';
import type { PlacedOp, VelaCpuOp, VelaLayer, VelaReport } from './velaOutput';
import { velaCpuPlacement } from './velaOutput';

/** How Vela was run, for the section's header. */
export interface VelaRunInfo {
  command: string;
  version: string | null;
  acceleratorConfig: string;
  /** The profile's NPU clock (latency is shown at it), its SRAM and flash. */
  clockHz?: number;
  millis: number;
}

/** A report node as Vela names it: its builtin (CUSTOM for custom ops) and its first output (unnamed tensors print as ''). */
export function placedOps(report: Report): PlacedOp[] {
  const shape = (name: string) => {
    const s = report.tensors[name]?.shape;
    return s && s.every((d) => typeof d === 'number') ? (s as number[]) : null;
  };
  return report.nodes.map((n) => ({
    index: n.index,
    op: n.domain === 'tflite.custom' ? 'CUSTOM' : n.op,
    name: /^#\d+$/.test(n.outputs[0] ?? '') ? '' : n.outputs[0] ?? n.name,
    inputShapes: n.inputs.filter((i) => i).map(shape),
    outputShapes: n.outputs.filter((o) => o).map(shape),
  }));
}

/**
 * Where DeployLens places a file op on an Ethos-U target: where the deployed op that runs it is
 * placed (Vela fuses a PAD into the next convolution as hardware padding: the PAD runs where the
 * convolution runs); an op with no deployed op of its own runs nowhere.
 */
export function deployLensDevice(n: ReportNode): OracleDevice {
  if (n.fate?.into === undefined) return 'none';
  return n.device === 'accelerator' ? 'npu' : 'cpu';
}

function reasonText(r: { constraint: string; detail?: string }): string {
  return r.detail ? `${r.constraint}: ${r.detail}` : r.constraint;
}

/**
 * Vela's per-layer rows on the model's ops. A row names the TFLite op it comes from and its output
 * tensor: rows with a name go to the op with that builtin and name (several rows when Vela split
 * the op, or named "<name>_<part>" when it decomposed it); unnamed rows go, in order, to the next op of that builtin Vela placed on the NPU.
 */
function attributeLayers(ops: readonly PlacedOp[], onNpu: (i: number) => boolean, layers: readonly VelaLayer[]): { byNode: Map<number, VelaLayer[]>; unattributed: VelaLayer[] } {
  const byNode = new Map<number, VelaLayer[]>();
  const unattributed: VelaLayer[] = [];
  const usedUnnamed = new Set<number>();
  for (const layer of layers) {
    let hit: PlacedOp | undefined;
    if (layer.name) {
      hit = ops.find((o) => o.name === layer.name && o.op === layer.op) ?? ops.find((o) => o.name === layer.name)
        // An op Vela decomposes (SOFTMAX into MaxPool, Sub, SHR, …) names its parts "<name>_<part><n>".
        ?? ops.filter((o) => o.op === layer.op && o.name && layer.name.startsWith(`${o.name}_`)).sort((a, b) => b.name.length - a.name.length)[0];
    } else {
      hit = ops.find((o) => !usedUnnamed.has(o.index) && o.name === '' && o.op === layer.op && onNpu(o.index));
      if (hit) usedUnnamed.add(hit.index);
    }
    if (!hit) {
      unattributed.push(layer);
      continue;
    }
    const list = byNode.get(hit.index) ?? [];
    list.push(layer);
    byNode.set(hit.index, list);
  }
  return { byNode, unattributed };
}

const describe = (d: OracleDevice | 'npu' | 'cpu') => (d === 'npu' ? 'the NPU' : d === 'cpu' ? 'the CPU' : 'no kernel of its own');

function lineText(c: VelaCpuOp): string {
  return `${c.op} '${c.name}'`;
}

/** The `oracles.vela` section of a report from Vela's parsed output. */
export function velaSection(report: Report, vela: VelaReport, run: VelaRunInfo): ReportVelaOracle {
  const ops = placedOps(report);
  const { cpu, unmatched } = velaCpuPlacement(ops, vela);
  const { byNode } = attributeLayers(ops, (i) => !cpu.has(i), vela.layers);
  const clockHz = run.clockHz ?? vela.clockHz;
  const rows: ReportVelaOp[] = [];
  const disagreements: ReportOracleDisagreement[] = [];
  for (const o of ops) {
    const n = report.nodes[o.index]!;
    const velaSays: 'npu' | 'cpu' = cpu.has(o.index) ? 'cpu' : 'npu';
    const ours = deployLensDevice(n);
    const reason = velaSays === 'cpu' ? vela.reasons.find((r) => r.name === o.name && r.op === o.op) : undefined;
    const row: ReportVelaOp = { node: o.index, vela: velaSays, deployLens: ours };
    if (reason) row.velaReason = reasonText(reason);
    const layers = byNode.get(o.index);
    if (layers?.length) {
      row.cycles = Math.round(layers.reduce((a, l) => a + l.cycles, 0));
      row.sramBytes = Math.max(...layers.map((l) => l.sramBytes));
      row.utilization = Math.round(Math.max(...layers.map((l) => l.utilization)) * 100) / 100;
    }
    rows.push(row);
    // An op DeployLens runs inside another (or not at all) agrees with Vela unless Vela gives it a CPU kernel.
    const agree = ours === 'none' ? velaSays === 'npu' : ours === velaSays;
    if (!agree) {
      const d: ReportOracleDisagreement = { node: o.index, op: n.op, name: n.name, oracle: velaSays.toUpperCase(), deployLens: ours === 'none' ? 'no kernel' : ours.toUpperCase() };
      if (row.velaReason) d.oracleReason = row.velaReason;
      const why = n.reasons?.filter((r) => r.outcome === 'violated').map((r) => r.message).join('; ');
      if (ours === 'cpu' && why) d.deployLensReason = why;
      disagreements.push(d);
    }
  }
  const constantBytes = vela.offChipFlashBytes ?? vela.onChipFlashBytes ?? (vela.memoryMode === null ? null : vela.dramBytes);
  return {
    status: 'answered',
    version: run.version,
    command: run.command,
    acceleratorConfig: run.acceleratorConfig,
    systemConfig: vela.systemConfig,
    memoryMode: vela.memoryMode,
    velaClockHz: vela.clockHz,
    clockHz,
    millis: Math.round(run.millis),
    npuOps: ops.length - cpu.size,
    cpuOps: cpu.size,
    sramBytes: vela.sramBytes,
    profileSramBytes: report.target?.sramBytes ?? null,
    constantBytes,
    profileFlashBytes: report.target?.flashBytes ?? null,
    npuCycles: vela.npuCycles,
    totalCycles: vela.totalCycles,
    latencyMs: vela.totalCycles !== null && clockHz ? Math.round((vela.totalCycles / clockHz) * 1e6) / 1e3 : null,
    ops: rows,
    disagreements,
    unmatched: unmatched.map(lineText),
  };
}

/** The section of a Vela that gave no answer (crash, time-out, nothing parsable). */
export function velaFailedSection(report: Report, run: VelaRunInfo, error: string): ReportVelaOracle {
  return {
    status: 'failed', version: run.version, command: run.command, acceleratorConfig: run.acceleratorConfig,
    systemConfig: null, memoryMode: null, velaClockHz: null, clockHz: run.clockHz ?? null, error, millis: Math.round(run.millis),
    npuOps: 0, cpuOps: 0, sramBytes: null, profileSramBytes: report.target?.sramBytes ?? null, constantBytes: null,
    profileFlashBytes: report.target?.flashBytes ?? null, npuCycles: null, totalCycles: null, latencyMs: null,
    ops: [], disagreements: [], unmatched: [],
  };
}

/** The findings of a Vela section: one per disagreement, or one saying Vela gave no answer. */
export function velaFindings(report: Report, section: ReportVelaOracle): ReportDiagnostic[] {
  const target = report.target?.id;
  const withTarget = (d: ReportDiagnostic): ReportDiagnostic => (target ? { ...d, target } : d);
  if (section.status === 'failed') {
    return [withTarget({
      severity: 'info', code: 'oracle/vela-failed',
      message: `Arm Vela${section.version ? ` ${section.version}` : ''} gave no answer for this model (${section.error ?? 'no output'}); DeployLens's prediction stands unchecked.`,
    })];
  }
  const who = section.version ? `Vela ${section.version}` : 'Vela';
  const out = section.disagreements.map((d) => {
    const n = report.nodes[d.node];
    const label = `${d.op} '${d.name || '(unnamed)'}'`;
    const velaSide = `${who} places it on ${describe(d.oracle === 'NPU' ? 'npu' : 'cpu')}${d.oracleReason ? ` (${d.oracleReason})` : ''}`;
    const oursSide = `DeployLens predicted ${d.deployLens === 'no kernel' ? 'no kernel of its own' : describe(d.deployLens === 'NPU' ? 'npu' : 'cpu')}${d.deployLensReason ? ` (${d.deployLensReason})` : ''}`;
    const diag: ReportDiagnostic = {
      severity: 'warning', code: 'oracle/vela-disagrees', node: d.node,
      message: `${label}: ${velaSide}; ${oursSide}. Vela compiles the model, so its placement is what runs.`,
    };
    if (n) diag.nodeName = n.name;
    return withTarget(diag);
  });
  for (const u of section.unmatched) {
    out.push(withTarget({ severity: 'warning', code: 'oracle/vela-disagrees', message: `Vela runs ${u} on the CPU, but no operator of the model matches it by type, name and shapes: the placements could not be compared for it.` }));
  }
  return out;
}

const VELA_CODES: readonly FindingCode[] = ['oracle/vela-disagrees', 'oracle/vela-failed'];

/** The report with Vela's section and findings added (a new object; the input is left as it was). */
export function withVela(report: Report, section: ReportVelaOracle): Report {
  return reviseReport(report, { oracles: { ...report.oracles, vela: section }, diagnostics: [...report.diagnostics.filter((d) => !VELA_CODES.includes(d.code)), ...velaFindings(report, section)] });
}
