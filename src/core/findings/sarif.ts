// SARIF 2.1.0 for code scanning in CI: one run, one rule per finding code that occurs, one result per
// finding, located at the model file with the node as a logical location.

import type { Report, ReportDiagnostic } from '../report/report';
import { ruleDescription, ruleDocAnchor } from './catalog';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<ReportDiagnostic['severity'], SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    results: SarifResult[];
  }[];
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations?: { name: string; kind: string }[] }[];
  properties?: Record<string, string>;
}

function toUri(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function toSarif(reports: readonly Report[]): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      let index = ruleIndex.get(d.code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(d.code, index);
        rules.push({ id: d.code, shortDescription: { text: ruleDescription(d.code) }, helpUri: ruleDocAnchor(d.code), defaultConfiguration: { level: LEVEL[d.severity] } });
      }
      const location: SarifResult['locations'][number] = { physicalLocation: { artifactLocation: { uri: toUri(report.model.path) } } };
      if (d.nodeName !== undefined) location.logicalLocations = [{ name: d.nodeName, kind: 'function' }];
      const properties: Record<string, string> = {};
      if (d.target) properties.target = d.target;
      if (d.fix) properties.fix = d.fix;
      results.push({
        ruleId: d.code, ruleIndex: index, level: LEVEL[d.severity],
        message: { text: d.fix ? `${d.message} Fix: ${d.fix}` : d.message },
        locations: [location],
        ...(Object.keys(properties).length ? { properties } : {}),
      });
    }
  }
  const tool = reports[0]?.tool ?? { name: 'DeployLens', version: '0.0.0' };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: tool.name, version: tool.version, rules } }, results }],
  };
}
