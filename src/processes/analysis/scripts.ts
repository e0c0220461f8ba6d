// The worker's training-script check, in its own bundle (dist/workerScripts.js, scripts/build.mjs
// lazySiblings): the Python parser and the construct table load on the first script request, so a
// workspace of model files never pays for them.

import { analyzeScript } from '../../core/python/analyzeScript';
import { findExportPlan } from '../../core/python/exportEntry';

export { analyzeScript, findExportPlan };
