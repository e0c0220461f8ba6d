// Where each lowering rule comes from: upstream files pinned by commit (read through the team's
// search tools; see docs/lowering.md), and the documentation pages for closed-source toolchains.
// Pass records and docs cite these; tests name them beside the assertion they back.

export const SOURCES = {
  tfliteFusedActivations:
    'tensorflow/tensorflow@01275c645e5b03621d995359797421aac6e84c76 tensorflow/compiler/mlir/lite/transforms/optimize_patterns.td '
    + '(FuseActFnIntoConvOpPat, FuseActFnIntoPoolOpPat, FusedBinaryActivationFuncOpPat: Relu/Relu6/Relu1 into CONV_2D, DEPTHWISE_CONV_2D, '
    + 'AVERAGE/MAX_POOL_2D, ADD, SUB, MUL, DIV when the producer has one use; MatchHardSwishPattern1/2)',
  tfliteFullyConnectedActivation: 'tensorflow/tensorflow tensorflow/compiler/mlir/lite/transforms/optimize.cc (FuseFullyConnectedAndRelu, …Relu6, …Relu1)',
  tfliteQuantize:
    'tensorflow/tensorflow@059753ba1c6ebd0af7434a86bd70adcd153938b1 tensorflow/compiler/mlir/lite/transforms/quantize.cc '
    + '(TFLFullQuantization: DQ → op → Q rewritten into the op with quantized types; QuantizeConstPattern for weights)',
  tfliteDelegatePartitions:
    'tensorflow/tensorflow@0f563557ee436c3a846cc9a0574d05374e4a9651 tensorflow/lite/delegates/utils.cc (GraphPartitionHelper::GetFirstNLargestPartitions)',
  tfliteNodeSubsets:
    'tensorflow/tensorflow@08df8c40b4376ed012fa3ba03ff3e3068d8d2a94 tensorflow/lite/graph_info.cc (PartitionGraphIntoIndependentNodeSubsetsImpl)',
  tinyNeuralNetworkGroundTruth:
    '../shared/models/tflite/mobilenet_v2_quantized_1x3x224x224.tflite (TinyNeuralNetwork\'s converter: NCHW input kept with one TRANSPOSE, explicit pads as PAD + VALID)',
  ortLevel1:
    'microsoft/onnxruntime@001290de2e0ce8429d461156843f7ce9b19e7a5d onnxruntime/core/optimizer/graph_transformer_utils.cc '
    + '(GenerateRewriteRules Level1: EliminateIdentity, EliminateDropout, CastElimination, DivMulFusion, ConvBNFusion, ConvAddFusion, ConvMulFusion, …; '
    + 'GenerateTransformers Level1: ConstantFolding, MatMulAddFusion, GeluFusion, LayerNormFusion)',
  ortLevel2Cpu:
    'microsoft/onnxruntime@001290de2e0ce8429d461156843f7ce9b19e7a5d onnxruntime/core/optimizer/graph_transformer_utils.cc '
    + '(Level2, CPU EP only: ConvActivationFusion, GemmActivationFusion, QDQSelectorActionTransformer; then, with contrib ops, in this order: '
    + 'GeluFusion, LayerNormFusion, SimplifiedLayerNormFusion, AttentionFusion, EmbedLayerNormFusion, GatherSliceToSplitFusion, GatherToSliceFusion, '
    + 'MatmulTransposeFusion, BiasGeluFusion, SkipLayerNormFusion, FastGeluFusion, QuickGeluFusion, BiasSoftmaxFusion, MatMulScaleFusion)',
  ortGeluFusion:
    'microsoft/onnxruntime@2ed2125d22403cba174dcfdd9b6c2d21ecab7857 onnxruntime/core/optimizer/gelu_fusion.cc GeluFusion::ApplyImpl '
    + '(patterns 1 and 2: Div by √2 with one edge → Erf → Add 1 → Mul → Mul 0.5; Div, Erf, Add one output edge each; com.microsoft Gelu)',
  ortLayerNormFusion:
    'microsoft/onnxruntime onnxruntime/core/optimizer/layer_norm_fusion.cc (the search index\'s newest version, file id 69960252131, whose commit it does not name; '
    + 'see third_party/upstream/sources.json) LayerNormFusion::ApplyImpl: ReduceMean (1 or 2 edges, all Subs) '
    + '→ Sub(X, mean) (2 edges) → Pow → ReduceMean → Add(ε) → Sqrt → Div → Mul → Add, one edge each; axes consecutive and the last, one axis; '
    + 'scale and bias rank 1 of one size; not float16 on the CPU EP. SimplifiedLayerNormFusion::ApplyImpl: Pow → ReduceMean → Add → Sqrt → Div(X, ·) '
    + '→ Mul(rank-1 scale), one edge each but the Mul',
  ortDivMulFusion:
    'microsoft/onnxruntime@4ac0d2713b86abc49446724ddc72015ac34018b9 onnxruntime/core/optimizer/div_mul_fusion.cc DivMulFusion::SatisfyCondition, Apply '
    + '(a Div with one output edge, no graph output, whose input 0 is a one-element constant 1 of float/float16/double/int32/int64, and whose first consumer is a Mul '
    + '→ Div(the Mul\'s other input, the Div\'s input 1) with the Mul\'s output); that version lists Div and Mul versions 7 and 13, '
    + 'ORT 1.30 also fuses opset-14 and -17 Div/Mul (checked with its optimized model at level 1); registered among the Level1 rewrite rules '
    + '(microsoft/onnxruntime@001290de2e0ce8429d461156843f7ce9b19e7a5d onnxruntime/core/optimizer/graph_transformer_utils.cc GenerateRewriteRules, no EP filter)',
  ortQuickGeluFusion:
    'microsoft/onnxruntime@484073b8b014a066e34c0fbe364bcc0f4fff4795 onnxruntime/core/optimizer/quick_gelu_fusion.cc QuickGeluFusion::ApplyImpl '
    + '(Mul(x, scalar float/double/float16 constant α) with one output edge → Sigmoid, or Sigmoid(x) directly, with one output edge → its first consumer Mul '
    + 'whose other input is x → com.microsoft QuickGelu(x) with alpha, 1 without the scaling Mul); registered in Level2 after FastGeluFusion for '
    + 'cpu_acl_cuda_dml_rocm_eps (microsoft/onnxruntime@001290de2e0ce8429d461156843f7ce9b19e7a5d graph_transformer_utils.cc); its CPU kernel: '
    + 'microsoft/onnxruntime@00544bbadb onnxruntime/contrib_ops/cpu/cpu_contrib_kernels.cc:68 (com.microsoft QuickGelu, version 1)',
  ortMatMulScaleFusion:
    'microsoft/onnxruntime@02e42faeff23c1566f9eab3387756cd2db067075 onnxruntime/core/optimizer/matmul_scale_fusion.cc '
    + '(GetScaleFromNode: Div by / Mul by a one-element constant; GetInputNodeMerges, GetOutputNodeMerges: output merge only with one edge; '
    + 'IsMatMulInputTypeSupported: float/double on the CPU EP; ProcessNode: FusedMatMul with the product as alpha)',
  ortLevel2Loop:
    'microsoft/onnxruntime@37f20d6ec137484493739cd7cc8c457b7fb0c7b1 onnxruntime/core/optimizer/graph_transformer_mgr.cc '
    + '(ApplyTransformers: a level\'s transformers run in order, again and again while any of them changed the graph, at most steps_ rounds); '
    + 'microsoft/onnxruntime@e969e88def2887efb715eef3810b758311122cd4 onnxruntime/core/framework/session_options.h (max_num_graph_transformation_steps = 10)',
  ortGatherSliceToSplitFusion:
    'microsoft/onnxruntime onnxruntime/core/optimizer/gather_fusion.cc (the search index\'s newest version, file id 734306166, whose commit it does not name; '
    + 'the version the index pins by commit, a9487a9d, is the older Gather-only GatherToSplitFusion; see third_party/upstream/sources.json) GatherSliceToSplitFusion::ApplyImpl: '
    + 'ONNX opset ≥ 13; a graph input or initializer with more than one consumer, or the single output of a node other than Shape with more than one output edge; '
    + 'its Gather (scalar int64 constant index) and Slice (scalar int64 constant start, end, axis; step 1) consumers, at least two, on one axis of known size, '
    + 'covering it without overlap (other consumers may stay) → one Split (outputs by start), a Squeeze after each 0-D-index Gather',
  ortMatmulTransposeFusion:
    'microsoft/onnxruntime onnxruntime/core/optimizer/matmul_transpose_fusion.cc (the search index\'s newest version, file id 2929527990, whose commit it does not name; '
    + 'the versions the index pins by commit, 06414ba6 and 00117a39, predate transBatch; see third_party/upstream/sources.json) GetTransposeNodeFromOutput: a Transpose not producing a graph output '
    + 'whose perm keeps the last axis within the last two and the batch axes contiguous, starting at 0 (transA/B) or 1 (transBatchA/B); '
    + 'ApplyImpl: MatMul or FusedMatMul with float/float16/double/bfloat16 inputs → FusedMatMul (flags XORed with a FusedMatMul\'s own, alpha kept; no side fused again '
    + 'whose transBatch is set); a transBatch side needs both inputs of one known rank; the Transpose goes once no other node reads it',
  ortSkipLayerNormFusion:
    'microsoft/onnxruntime@178ba40cdff6cdf187e4ab8343171aacd2fc01dc onnxruntime/core/optimizer/skip_layer_norm_fusion.cc SkipLayerNormFusion::ApplyImpl: '
    + 'LayerNormalization (float, float16 or bfloat16 inputs) whose input 0 is an Add (CheckFirstAdd: one output edge, both inputs 3-D of equal dims) '
    + 'that is not a graph output; Format 1/2: that Add\'s input 0/1 is a bias Add (CheckSecondAdd: one output edge, constant 1-D bias of the last dim) '
    + '→ com.microsoft SkipLayerNormalization(input, skip, gamma, beta[, bias]) with the LayerNorm\'s epsilon; '
    + 'its CPU kernel: microsoft/onnxruntime@00544bbadb onnxruntime/contrib_ops/cpu/cpu_contrib_kernels.cc:149 (float; also double and float16)',
  ortConvActivation:
    'microsoft/onnxruntime@06414ba6e4c5bc856bc08fe2f0fe0582e25a0bad onnxruntime/core/optimizer/conv_activation_fusion.cc '
    + '(Relu, Sigmoid, Tanh, LeakyRelu, Clip with constant bounds; one consumer, not a graph output)',
  ortQdqSelectors:
    'microsoft/onnxruntime@009b2556b4e5af7e010d3f4ebef7df470c9edc70 onnxruntime/core/optimizer/qdq_transformer/selectors_actions/shared/utils.cc '
    + '(the ops a QDQ node unit forms around: Misc/Unary/Binary/Variadic/Conv/ConvTranspose/MatMul/Gemm/InstanceNormalization selectors)',
  ortPartitioning:
    'microsoft/onnxruntime@24963bf28f11823d13295d7299ae2ef0404370f2 onnxruntime/core/providers/partitioning_utils.cc (CreateSupportedPartitionNodeGroups)',
  tensorrtFusions: 'https://docs.nvidia.com/deeplearning/tensorrt/latest/performance/fusion-catalog.html (Layer Fusion Catalog: convolution + ReLU/Clip/GELU activations, Q/DQ fusion into INT8 layers)',
  velaPadFusion: 'Arm Vela 3.10.0 (nxp-imx/ethos-u-vela@a6f65663db123c131cdd12aab6aad9a50470d5c0) ethosu/vela/tflite_graph_optimiser.py:1810 replace_pad_by_hw_pad, :1768 fuse_activation_function_with_prev',
  edgetpuBoundaryQuantize:
    'edgetpu_compiler logs in f0cal/google-coral#20 and google-coral/edgetpu#13: a leading QUANTIZE "is otherwise supported, but not mapped" and a trailing float DEQUANTIZE run on the CPU while the other 70 ops map to one Edge TPU segment',
  edgetpuFloatModel: 'google-coral/edgetpu#438: a float TFLite model compiles with 0 operations mapped to the Edge TPU',
} as const;
