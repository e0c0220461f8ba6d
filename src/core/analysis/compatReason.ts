// Why a node is (not) placed on a target. Every verdict carries the constraint that decided it, in
// the spirit of Vela's "Placing on CPU instead — <constraint>" lines.

export type ReasonKind =
  | 'unsupported-op' | 'no-builtin' | 'custom-op' | 'precompiled' | 'bridge'
  | 'dtype' | 'quantization' | 'rank' | 'dim' | 'batch' | 'kernel' | 'stride' | 'dilation'
  | 'padding' | 'activation' | 'attribute' | 'constant-input' | 'dynamic-shape'
  /** Op version newer than the runtime knows; values of a constant input (strides, zero points) out of range. */
  | 'version' | 'value'
  /** Computed at conversion / session creation (constant folding): no kernel runs on the device. */
  | 'folded'
  /** A no-op the converter removes (Identity, Dropout, a layout Transpose): nothing runs. */
  | 'elided';

export interface Reason {
  kind: ReasonKind;
  /** violated: the node cannot run there; unknown: could not be checked (shape/dtype not known); info: context. */
  outcome: 'violated' | 'unknown' | 'info';
  /** The profile rule that decided, as a path into the profile: `operators.CONV_2D.strides`, `defaults.maxRank`. */
  constraint?: string;
  /** Reads after "Placing on CPU instead — ": "stride 3 exceeds the maximum of 2". */
  message: string;
  tensor?: string;
  /** Where the rule's fact comes from (URL / document). */
  source?: string;
  /**
   * The runtime does not check this: it runs the node and misreads an input (TypePairRule.unchecked).
   * Its finding is `compat/misread-input`, which the runtime accepting the model does not withdraw.
   */
  misread?: true;
}
