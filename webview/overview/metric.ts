// A figure of an overview card (key numbers, the Vela, Edge TPU and TFLite Micro cards): its value
// and how close it is to a limit.

export type Level = 'ok' | 'warn' | 'error' | 'unknown';

export interface Metric {
  label: string;
  value: string;
  detail?: string;
  /** Used fraction of a limit (SRAM, latency budget): drawn as a bar, may exceed 1. */
  ratio?: number;
  level?: Level;
}
