// @dagrejs/dagre for Node code (tests, bench): its types are ESM-only, so the CommonJS type-check
// cannot import it; require() it and check it against the shape layoutModel.ts needs. esbuild
// bundles it either way. (The webview imports it normally: its tsconfig resolves like a bundler.)

import type { Dagre } from '../../webview/partitions/layoutModel';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const dagre = require('@dagrejs/dagre') as Dagre;
