// Quick fixes for constructs that do not fit a target: a supported alternative, the exact source
// edit, and what it changes in the model's behaviour. A fix is offered only when the alternative
// itself passes on the target (judged like any construct), so a fix never trades one finding for another.

import type { SyntaxNode } from '@lezer/common';
import type { ImportMap } from './imports';
import { localSpelling } from './imports';
import type { Args } from './constructTable';
import type { LineIndex, ScriptRange } from './syntax';
import { lookupTable } from '../util/lookup';

export interface ScriptEdit { range: ScriptRange; newText: string }
export interface ScriptFix {
  title: string;
  /** What it changes in the model's behaviour. */
  description: string;
  edits: ScriptEdit[];
}

/** What a fix needs to know about one recognized construct in the source. */
export interface FixSite {
  name: string;
  args: Args;
  source: string;
  lines: LineIndex;
  imports: ImportMap;
  /** The whole construct: a call, a reference (`nn.GELU` passed as a class) or a string ('gelu'). */
  node: SyntaxNode;
  callee: SyntaxNode | null;
  argList: SyntaxNode | null;
  argNodes: Map<string, SyntaxNode>;
  kind: 'call' | 'reference' | 'string';
}

export interface FixCandidate extends ScriptFix {
  /** The construct the edit produces, judged on the target before the fix is offered. */
  alternative: { name: string; args: Args };
}

const text = (s: FixSite, n: SyntaxNode) => s.source.slice(n.from, n.to);
const edit = (s: FixSite, from: number, to: number, newText: string): ScriptEdit => ({ range: s.lines.range(from, to), newText });

/** Replaces a string literal's value, keeping its quote style. */
function replaceString(s: FixSite, n: SyntaxNode, value: string): ScriptEdit {
  const q = /^[rRuU]?("""|'''|"|')/.exec(text(s, n))?.[1] ?? '"';
  return edit(s, n.from, n.to, `${q}${value}${q}`);
}

/** Sets keyword `name` to `valueText`: replaces the value when given, else appends the keyword. */
function setKeyword(s: FixSite, name: string, valueText: string): ScriptEdit | null {
  const existing = s.argNodes.get(name);
  if (existing) return existing.name === 'String' ? replaceString(s, existing, valueText.slice(1, -1)) : edit(s, existing.from, existing.to, valueText);
  if (!s.argList) return null;
  const close = s.argList.lastChild;
  if (!close || close.name !== ')') return null;
  const inner = s.source.slice(s.argList.from + 1, close.from).trim();
  const sep = inner === '' ? '' : inner.endsWith(',') ? ' ' : ', ';
  return edit(s, close.from, close.from, `${sep}${name}=${valueText}`);
}

/** The callee spelled with another member of `module` (nn.SiLU → nn.Hardswish), as the script imports it. */
function renamed(s: FixSite, module: string, member: string): { edit: ScriptEdit; spelling: string } | null {
  const target = s.kind === 'reference' ? s.node : s.callee;
  if (!target) return null;
  if (target.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName') {
    const prop = target.lastChild;
    const spelling = s.source.slice(target.from, prop.from) + member;
    return { edit: edit(s, prop.from, prop.to, member), spelling };
  }
  const local = localSpelling(s.imports, module);
  if (!local) return null;
  const spelling = `${local}.${member}`;
  return { edit: edit(s, target.from, target.to, spelling), spelling };
}

const RETRAIN = 'Retrain or fine-tune: the weights were learned with the original activation.';

function geluFixes(s: FixSite, functional: boolean): FixCandidate[] {
  const out: FixCandidate[] = [];
  if (s.kind === 'call' && s.args.approximate !== 'tanh') {
    const e = setKeyword(s, 'approximate', '"tanh"');
    if (e) out.push({
      title: 'Use the tanh approximation of GELU (approximate="tanh")',
      description: 'Computes 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) instead of the exact erf form: outputs differ by less than 1e-3, so accuracy is usually unchanged without retraining. The export no longer needs Erf.',
      edits: [e], alternative: { name: s.name, args: { ...s.args, approximate: 'tanh' } },
    });
  }
  const module = functional ? 'torch.nn.functional' : 'torch.nn';
  const member = functional ? 'hardswish' : 'Hardswish';
  const r = renamed(s, module, member);
  if (r) {
    let edits: ScriptEdit[];
    if (s.kind === 'reference') edits = [r.edit];
    else if (functional) {
      const first = s.argList?.firstChild?.nextSibling;
      edits = [edit(s, s.node.from, s.node.to, `${r.spelling}(${first && first.name !== ')' ? text(s, first) : ''})`)];
    } else edits = [edit(s, s.node.from, s.node.to, `${r.spelling}()`)];
    out.push({
      title: `Replace GELU with ${member}`,
      description: `Uses hard-swish (x·ReLU6(x + 3)/6, as in MobileNetV3) instead of GELU: a piecewise-linear approximation with its own curve, which integer targets run natively. ${RETRAIN}`,
      edits, alternative: { name: `${module}.${member}`, args: {} },
    });
  }
  return out;
}

function toHardswish(s: FixSite, from: string, functional: boolean): FixCandidate[] {
  const module = functional ? 'torch.nn.functional' : 'torch.nn';
  const member = functional ? 'hardswish' : 'Hardswish';
  const r = renamed(s, module, member);
  if (!r) return [];
  return [{
    title: `Replace ${from} with ${member}`,
    description: `Uses hard-swish (x·ReLU6(x + 3)/6) instead of ${from}: a piecewise-linear approximation of x·sigmoid(x) that needs no exponential. ${RETRAIN}`,
    edits: [r.edit], alternative: { name: `${module}.${member}`, args: {} },
  }];
}

function modeFixes(s: FixSite, key: string, from: string, to: string[], describe: (to: string) => string): FixCandidate[] {
  const node = s.argNodes.get(key);
  if (!node || node.name !== 'String' || typeof s.args[key] !== 'string' || (s.args[key] as string).toLowerCase() !== from) return [];
  return to.map((value) => ({
    title: `Use ${key}="${value}" instead of "${s.args[key]}"`,
    description: describe(value),
    edits: [replaceString(s, node, value)], alternative: { name: s.name, args: { ...s.args, [key]: value } },
  }));
}

const upsampleText = (v: string) => v === 'bilinear'
  ? 'Bilinear instead of bicubic interpolation: upsampled maps are slightly smoother (4 instead of 16 neighbours per output). Usually a small accuracy change; check or fine-tune.'
  : 'Nearest-neighbour instead of bicubic interpolation: blocky upsampling with no interpolation at all. Check accuracy or fine-tune.';

const paddingText = 'Pads with zeros instead of reflecting or replicating the border: the outermost pixels see zeros, a small change that fine-tuning usually recovers.';

function keras(s: FixSite, to: { value: string; description: string }[]): FixCandidate[] {
  if (s.kind !== 'string') return [];
  return to.map(({ value, description }) => ({
    title: `Use activation "${value}"`,
    description,
    edits: [replaceString(s, s.node, value)], alternative: { name: `tf.keras.activations.${value}`, args: {} },
  }));
}
const KERAS_RELU = { value: 'relu', description: `ReLU instead: zero for negative inputs, the cheapest activation on every target. ${RETRAIN}` };
const KERAS_HSWISH = { value: 'hard_swish', description: `Hard-swish (x·ReLU6(x + 3)/6, Keras 3's "hard_swish"/"hard_silu") instead: a piecewise-linear approximation that needs no exponential. ${RETRAIN}` };

type FixMaker = (s: FixSite) => FixCandidate[];

const CONV_PADDING: FixMaker = (s) =>
  ['reflect', 'replicate', 'circular'].flatMap((m) => modeFixes(s, 'padding_mode', m, ['zeros'], () => paddingText));

const FIXES = lookupTable<FixMaker>({
  'torch.nn.GELU': (s) => geluFixes(s, false),
  'torch.nn.functional.gelu': (s) => geluFixes(s, true),
  'torch.nn.SiLU': (s) => toHardswish(s, 'SiLU', false),
  'torch.nn.functional.silu': (s) => toHardswish(s, 'SiLU', true),
  'torch.nn.Mish': (s) => toHardswish(s, 'Mish', false),
  'torch.nn.Upsample': (s) => modeFixes(s, 'mode', 'bicubic', ['bilinear', 'nearest'], upsampleText),
  'torch.nn.functional.interpolate': (s) => modeFixes(s, 'mode', 'bicubic', ['bilinear', 'nearest'], upsampleText),
  'torch.nn.functional.upsample': (s) => modeFixes(s, 'mode', 'bicubic', ['bilinear', 'nearest'], upsampleText),
  'torch.nn.Conv1d': CONV_PADDING,
  'torch.nn.Conv2d': CONV_PADDING,
  'torch.nn.Conv3d': CONV_PADDING,
  'torch.nn.ReflectionPad2d': (s) => zeroPad(s),
  'torch.nn.ReplicationPad2d': (s) => zeroPad(s),
  'torch.nn.functional.pad': (s) => ['reflect', 'replicate', 'circular'].flatMap((m) => modeFixes(s, 'mode', m, ['constant'], () => paddingText)),
  'tf.keras.activations.gelu': (s) => keras(s, [KERAS_RELU, KERAS_HSWISH]),
  'tf.keras.activations.swish': (s) => keras(s, [KERAS_HSWISH, KERAS_RELU]),
  'tf.keras.activations.silu': (s) => keras(s, [KERAS_HSWISH, KERAS_RELU]),
  'tf.keras.activations.mish': (s) => keras(s, [KERAS_HSWISH, KERAS_RELU]),
  'tf.keras.activations.selu': (s) => keras(s, [KERAS_RELU]),
  'tf.keras.activations.softplus': (s) => keras(s, [KERAS_RELU]),
  'tf.keras.layers.UpSampling2D': (s) => modeFixes(s, 'interpolation', 'bicubic', ['bilinear', 'nearest'], upsampleText),
  'tf.keras.layers.Resizing': (s) => modeFixes(s, 'interpolation', 'bicubic', ['bilinear', 'nearest'], upsampleText),
  'tf.image.resize': (s) => modeFixes(s, 'method', 'bicubic', ['bilinear', 'nearest'], upsampleText),
  'tf.pad': (s) => ['reflect', 'symmetric'].flatMap((m) => modeFixes(s, 'mode', m, ['CONSTANT'], () => paddingText)),
});

function zeroPad(s: FixSite): FixCandidate[] {
  const r = renamed(s, 'torch.nn', 'ZeroPad2d');
  if (!r) return [];
  return [{ title: 'Use ZeroPad2d', description: paddingText, edits: [r.edit], alternative: { name: 'torch.nn.ZeroPad2d', args: {} } }];
}

/** Candidate fixes for a construct, before judging the alternatives on the target. */
export function fixCandidates(site: FixSite): FixCandidate[] {
  return FIXES.get(site.name)?.(site) ?? [];
}
