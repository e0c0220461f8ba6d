#!/usr/bin/env python3
"""Writes src/core/shapes/onnxSchemas.json: what ONNX's schema of every ai.onnx operator,
every version, says a node must be: its inputs' type constraints, its input and output counts,
which inputs and outputs may be empty, its attributes (name, type, required) and whether it is
deprecated.

ONNX Runtime checks these when it loads a model (Graph::Resolve -> InferAndVerifyTypeMatch): an
input whose element type is not one its type parameter allows ("Type 'tensor(int64)' of input
parameter (x) of operator (Sigmoid) ... is invalid"), or two inputs bound to one type parameter
with different types ("Type parameter (T) of Optype (Add) bound to different types"), make the
model invalid; so do the checks of OpSchema::Verify (onnx/defs/schema.cc): a deprecated operator,
an input or output count out of range, an empty name for a single input, an unrecognized,
mistyped or missing required attribute. DeployLens checks the same table
(src/core/shapes/typeConstraints.ts, src/core/shapes/schemaCheck.ts), and
test/onnx-schemas.test.ts regenerates it to check that the committed file is this output.

Run with Debian's python3-onnx: /usr/bin/python3 tools/onnx-schemas/gen_schema_table.py [OUT]
(ONNX 1.12, opsets up to 17). `--schemas DUMP.json VERSION` reads the schemas from a JSON dump of
a newer ONNX's OpSchemaRegistry::get_all_schemas_with_history() instead (fields as the Python
package names them: name, domain, since_version, deprecated, inputs [typeStr, option,
isHomogeneous], type_constraints [type_param_str, allowed_type_strs]); the committed table was made
that way from ONNX 1.23.0 (onnx/onnx@f7546912001bc31e92a238b17068a21b373d882e, built here), and
its schemas up to opset 17 are checked to equal the Python package's (tools/onnx-schemas/README.md).
"""
import json
import sys
from types import SimpleNamespace

# ONNX type strings -> DeployLens DType names (src/core/ir/dtype.ts). Sequence, optional and map
# types have no tensor element type in the IR: they are left out, and a parameter that allows none
# of these is not checked.
DTYPES = {
    'tensor(float)': 'float32', 'tensor(double)': 'float64', 'tensor(float16)': 'float16', 'tensor(bfloat16)': 'bfloat16',
    'tensor(int8)': 'int8', 'tensor(uint8)': 'uint8', 'tensor(int16)': 'int16', 'tensor(uint16)': 'uint16',
    'tensor(int32)': 'int32', 'tensor(uint32)': 'uint32', 'tensor(int64)': 'int64', 'tensor(uint64)': 'uint64',
    'tensor(bool)': 'bool', 'tensor(string)': 'string', 'tensor(complex64)': 'complex64', 'tensor(complex128)': 'complex128',
    'tensor(int4)': 'int4', 'tensor(uint4)': 'uint4', 'tensor(float4e2m1)': 'float4e2m1', 'tensor(float8e8m0)': 'float8e8m0',
    'tensor(float8e4m3fn)': 'float8e4m3fn', 'tensor(float8e4m3fnuz)': 'float8e4m3fnuz',
    'tensor(float8e5m2)': 'float8e5m2', 'tensor(float8e5m2fnuz)': 'float8e5m2fnuz',
}
# Element types the IR cannot hold (int2, uint2: ONNX types newer than the reader's table) read as
# 'unknown', and an input of unknown type is not checked, so leaving them out refuses nothing.
OPTION = {'FormalParameterOption.Single': 's', 'FormalParameterOption.Optional': 'o', 'FormalParameterOption.Variadic': 'v'}


# AttributeProto types -> the IR's attribute type names (src/core/ir/model.ts AttributeValue, and
# the kinds it keeps for values it does not hold).
ATTRIBUTE_TYPES = {
    'AttrType.FLOAT': 'float', 'AttrType.INT': 'int', 'AttrType.STRING': 'string', 'AttrType.TENSOR': 'tensor',
    'AttrType.GRAPH': 'graph', 'AttrType.FLOATS': 'floats', 'AttrType.INTS': 'ints', 'AttrType.STRINGS': 'strings',
    'AttrType.TENSORS': 'tensors', 'AttrType.GRAPHS': 'graphs', 'AttrType.SPARSE_TENSOR': 'sparse_tensor',
    'AttrType.SPARSE_TENSORS': 'sparse_tensors', 'AttrType.TYPE_PROTO': 'type_proto', 'AttrType.TYPE_PROTOS': 'type_protos',
}


def dumped_schemas(path: str) -> list:
    """Schemas from a JSON dump, as objects with the Python package's attribute names."""
    with open(path, encoding='utf-8') as f:
        raw = json.load(f)
    return [SimpleNamespace(
        name=r['name'], domain=r['domain'], since_version=r['since_version'], deprecated=r['deprecated'],
        inputs=[SimpleNamespace(**i) for i in r['inputs']],
        outputs=[SimpleNamespace(**o) for o in r['outputs']],
        min_input=r['min_input'], max_input=r['max_input'], min_output=r['min_output'], max_output=r['max_output'],
        attributes={a['name']: SimpleNamespace(type=a['type'], required=a['required']) for a in r['attributes']},
        allows_unchecked_attributes=r['allows_unchecked_attributes'],
        type_constraints=[SimpleNamespace(**t) for t in r['type_constraints']],
    ) for r in raw]


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ['--schemas']:
        all_schemas, version, args = dumped_schemas(args[1]), args[2], args[3:]
    else:
        import onnx
        from onnx import defs
        all_schemas, version = defs.get_all_schemas_with_history(), onnx.__version__
    out = args[0] if args else 'src/core/shapes/onnxSchemas.json'
    sets: list[list[str]] = []
    index: dict[tuple[str, ...], int] = {}

    def type_set(allowed) -> int:
        key = tuple(sorted({DTYPES[a] for a in allowed if a in DTYPES}))
        if key not in index:
            index[key] = len(sets)
            sets.append(list(key))
        return index[key]

    ops: dict[str, list] = {}
    schemas = [s for s in all_schemas if s.domain == '']
    for s in sorted(schemas, key=lambda s: (s.name, s.since_version)):
        params = {t.type_param_str: type_set(t.allowed_type_strs) for t in s.type_constraints}
        inputs = []
        for p in s.inputs:
            option = OPTION[str(p.option)]
            if option == 'v' and not p.isHomogeneous:
                option = 'h'  # variadic, each input its own type: nothing binds across them
            # A type parameter by name, or a fixed type ("tensor(int64)") as a one-type set.
            t = params[p.typeStr] if p.typeStr in params else type_set([p.typeStr])
            inputs.append([p.typeStr if p.typeStr in params else '', t, option])
        outputs = ''.join(OPTION[str(o.option)] for o in s.outputs)
        attributes = [[name, ATTRIBUTE_TYPES[str(a.type)], 1 if a.required else 0] for name, a in sorted(s.attributes.items())]
        # The Python package does not expose AllowUncheckedAttributes (only LayerNormalization-17 sets it in 1.23).
        unchecked = 1 if getattr(s, 'allows_unchecked_attributes', False) else 0
        ops.setdefault(s.name, []).append([
            s.since_version, 1 if s.deprecated else 0, inputs,
            [s.min_input, s.max_input, s.min_output, s.max_output], outputs, attributes, unchecked,
        ])
    data = {
        'source': f'ONNX {version} operator schemas (get_all_schemas_with_history, ai.onnx domain), '
                  'generated by tools/onnx-schemas/gen_schema_table.py',
        'maxOpset': max(s.since_version for s in schemas),
        'typeSets': sets,
        'ops': ops,
    }
    with open(out, 'w', encoding='utf-8') as f:
        json.dump(data, f, separators=(',', ':'), sort_keys=False)
        f.write('\n')


if __name__ == '__main__':
    main()
