// The analysis worker (dist/worker.js) through the client the extension uses.
import * as path from 'node:path';
import { analysisClient, type AnalysisClient } from '../../src/processes/analysis/client';
import { repoRoot } from './sharedModels';

export function testAnalysisClient(): AnalysisClient {
  return analysisClient(path.join(repoRoot(), 'dist'), { info: () => undefined, error: () => undefined });
}
