// What the Quantization Preview page says about a .tflite model, as plain text and rows (the page,
// webview/quantize/main.ts, puts them in elements as text; the unit tests read them here). A .tflite
// is converted already: the page explains the comparison, or — for a float model — that making
// the int8 model is the TFLite converter's job and how to ask it for one. Free of DOM and Node APIs.

import type { TfliteQuantizeComparison, TfliteRole } from './protocol';

export interface TfliteIntro {
  title: string;
  paragraphs: string[];
  /** The converter recipe (float models only), shown as code. */
  recipe?: string;
  /** The partner's label and its pick button. */
  partnerLabel: string;
  pickLabel: string;
}

export const TFLITE_RECIPE = `converter = tf.lite.TFLiteConverter.from_saved_model(saved_model_dir)  # or from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative_inputs  # yields ~100 real input samples
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
open("model_int8.tflite", "wb").write(converter.convert())`;

export function tfliteIntro(role: TfliteRole, fileName: string): TfliteIntro {
  if (role === 'int8') {
    return {
      title: 'Int8 model against its float reference',
      paragraphs: [
        `${fileName} has been through the TFLite converter already: there is nothing left to quantize. DeployLens measures what quantization cost instead — it runs this int8 model and the float .tflite it was converted from in TensorFlow Lite Micro, on the same inputs (drawn from the int8 model's input range), and compares their outputs as real numbers.`,
      ],
      partnerLabel: 'Float reference',
      pickLabel: 'Choose float reference…',
    };
  }
  return {
    title: 'A float TFLite model',
    paragraphs: [
      `${fileName} computes in float. Quantizing a .tflite file is done by the TFLite converter, not by DeployLens: convert the original model (SavedModel or Keras) again with full-integer quantization and a representative dataset — real inputs the converter calibrates activation ranges on:`,
      'Once you have the int8 model, pick it here: DeployLens runs both in TensorFlow Lite Micro on the same inputs and compares their outputs (error, cosine, SQNR, top-1 agreement).',
    ],
    recipe: TFLITE_RECIPE,
    partnerLabel: 'Int8 model',
    pickLabel: 'Choose int8 model…',
  };
}

export interface ComparisonRow {
  output: string;
  maxAbsError: string;
  meanAbsError: string;
  cosine: string;
  sqnr: string;
  top1: string;
}

export function comparisonRows(c: TfliteQuantizeComparison): ComparisonRow[] {
  return c.agreement.map((a) => ({
    output: a.output,
    maxAbsError: a.maxAbsError.toPrecision(3),
    meanAbsError: a.meanAbsError.toPrecision(3),
    cosine: a.cosine.toFixed(5),
    sqnr: `${a.sqnrDb.toFixed(1)} dB`,
    top1: a.top1Agreement === null ? '—' : `${(a.top1Agreement * 100).toFixed(1)}%`,
  }));
}

/** The two invoke medians, labelled as what they are: WebAssembly wall-clock here (as the CLI says). */
export function comparisonLatency(c: TfliteQuantizeComparison): { label: string; value: string }[] {
  return [
    { label: 'int8 invoke (median)', value: `${c.latency.int8Ms.toFixed(3)} ms` },
    { label: 'float invoke (median)', value: `${c.latency.referenceMs.toFixed(3)} ms` },
  ];
}

export const LATENCY_CAPTION = 'WebAssembly wall-clock on this machine: relative figures, not device times.';

export function comparisonSummary(c: TfliteQuantizeComparison): string {
  return `${c.model} (int8) against ${c.reference} (float reference), both in ${c.runtime}; ${c.samples} inputs: ${c.inputs}.`;
}
