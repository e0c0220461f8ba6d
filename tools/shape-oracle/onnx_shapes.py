"""Reference shapes from ONNX's own shape inference, for DeployLens tests (never a runtime dependency).

Usage: /usr/bin/python3 tools/shape-oracle/onnx_shapes.py MODEL.onnx
Prints JSON: {tensor name: {"dtype": str, "shape": [int | str | null] | null}} for every value ONNX
infers (graph inputs, value_info, outputs, initializers), after dropping any value_info the file
carries so the result is ONNX's inference, not the exporter's annotation. A null dim is one ONNX
could not determine; a string dim is a symbolic name.
"""
import json
import sys

import onnx
from onnx import shape_inference

DTYPES = {
    1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string",
    9: "bool", 10: "float16", 11: "float64", 12: "uint32", 13: "uint64", 14: "complex64", 15: "complex128",
    16: "bfloat16",
}


def describe(type_proto):
    t = type_proto.tensor_type
    dtype = DTYPES.get(t.elem_type, "unknown")
    if not t.HasField("shape"):
        return {"dtype": dtype, "shape": None}
    dims = []
    for d in t.shape.dim:
        if d.HasField("dim_value"):
            dims.append(d.dim_value)
        elif d.HasField("dim_param"):
            dims.append(d.dim_param)
        else:
            dims.append(None)
    return {"dtype": dtype, "shape": dims}


def main(path):
    model = onnx.load(path, load_external_data=False)
    del model.graph.value_info[:]
    inferred = shape_inference.infer_shapes(model, strict_mode=False, data_prop=True)
    out = {}
    for init in inferred.graph.initializer:
        out[init.name] = {"dtype": DTYPES.get(init.data_type, "unknown"), "shape": list(init.dims)}
    for vi in list(inferred.graph.input) + list(inferred.graph.value_info) + list(inferred.graph.output):
        out[vi.name] = describe(vi.type)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
