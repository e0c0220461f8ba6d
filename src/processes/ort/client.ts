// Host side of the ONNX Runtime child process (no vscode import: the extension, the CLI, the
// quantization worker and the tests use it). ORT runs only in a forked child (dist/ortHost.js,
// built from src/processes/ort/main.ts): a native crash, a hang or an out-of-memory there ends the
// child, never the editor. The shared RPC client (src/processes/rpc) does the rest:
//
//   const ort = new OrtClient();                 // child starts lazily, on the first request
//   const io = await ort.run({ type: 'inspect', model });
//   const r = await ort.run({ type: 'run', model, feeds: { kind: 'random', seed: 1 } }, { timeoutMs: 30_000 });
//   ort.dispose();
//
// - Each request has a time-out (default 120 s): when it expires the child is killed, the request
//   rejects with ProcessError kind 'timeout', and the next request starts a fresh child.
// - When the child dies (crash, OOM, kill), every pending request rejects with kind 'exited'
//   naming the exit code / signal and the child's last stderr lines; the next request restarts it.
// - An AbortSignal cancels one request (kind 'cancelled'): the child is killed (ORT cannot
//   interrupt a run) and restarted on the next request.
// - ORT's own errors (a model it rejects) reject with kind 'remote' and ORT's message.
// - The child's V8 heap is capped with --max-old-space-size (default 4096 MB; ORT's own native
//   allocations are not counted there).

import * as path from 'node:path';
import { RpcClient, type RequestOptions } from '../rpc/client';
import { childProcess } from '../rpc/endpoint';
import type { OrtMethods, OrtProgress, OrtReadyEvent, OrtRequest, OrtResultOf } from './protocol';

export interface OrtClientOptions {
  /** The child entry (dist/ortHost.js). Default: ortHost.js beside this bundle (dist/). */
  hostScript?: string;
  /** Default time-out per request, ms. */
  timeoutMs?: number;
  /** V8 heap cap of the child, MB. */
  maxOldSpaceMb?: number;
  /** Log sink (child stderr lines, restarts). */
  log?: (message: string) => void;
}

/** `onProgress`: where a long request is (profile: each run), as the child reports it. */
export type OrtRequestOptions = RequestOptions<OrtProgress>;

/** Default location of the child bundle: beside the running bundle (dist/extension.js, dist/cli.js). */
export function defaultOrtHostScript(): string {
  return path.join(__dirname, 'ortHost.js');
}

export class OrtClient {
  private readonly rpc: RpcClient<OrtMethods>;

  constructor(options: OrtClientOptions = {}) {
    const log = options.log ?? (() => undefined);
    this.rpc = new RpcClient<OrtMethods>({
      name: 'the ONNX Runtime process',
      launch: childProcess(options.hostScript ?? defaultOrtHostScript(), {
        execArgv: [`--max-old-space-size=${options.maxOldSpaceMb ?? 4096}`],
        stderrLine: (line) => log(`[ort] ${line}`),
      }),
      timeoutMs: options.timeoutMs ?? 120_000,
      cancel: 'kill',
      log: { info: log, error: log },
      onEvent: (event, data) => {
        if (event !== 'ready') return;
        const ready = data as OrtReadyEvent;
        log(ready.error ? `[ort] ${ready.error}` : `[ort] ONNX Runtime ${ready.ortVersion ?? '?'} ready (pid ${this.pid ?? '?'})`);
      },
    });
  }

  /** How many times a child was started after the first (crash, time-out, cancel). */
  get restartCount(): number { return this.rpc.restartCount; }

  /** PID of the running child, if any. */
  get pid(): number | undefined { return this.rpc.processId; }

  run<R extends OrtRequest>(request: R, options: OrtRequestOptions = {}): Promise<OrtResultOf<R>> {
    return this.rpc.request(request.type, request as never, options) as Promise<OrtResultOf<R>>;
  }

  dispose(): void {
    this.rpc.dispose();
  }
}
