# DeployLens export driver: runs in the user's Python (a child process started by runTool, see
# client.ts) to turn a training script into an ONNX model without training it.
#
#  1. Reads the request (JSON on stdin, protocol.ts): the script, its export entry point and a
#     private output folder (DeployLens's cache, never next to the user's files).
#  2. Imports the script as a module named __deploylens_export__ — NOT __main__ — so its
#     `if __name__ == "__main__":` block (where the training loop lives) does not run. Its top
#     level does run (imports, definitions, and whatever else is written there). sys.argv is just
#     the script, so argparse at the top level sees no arguments. While user code runs,
#     torch.onnx.export is replaced by a recorder: an export call the top level reaches is captured
#     (model, inputs) instead of writing the user's file.
#  3. Gets (model, example_input): calls the declared entry function, or replays the assignments
#     the export call depends on and evaluates its model / input expressions in the module's
#     namespace (compiled at their own line numbers, so errors point at the user's lines).
#  4. Exports with torch.onnx.export (eval mode) into the output folder, and records for every
#     submodule where in the script it was constructed (file, line, columns), by wrapping
#     torch.nn.Module.__init__ while user code runs: ONNX node names carry module paths, and this
#     maps each path to the call that built it — including modules built in loops and helpers.
#  5. Writes result.json into the output folder: success with the module table, or a failure with
#     its kind, Python's message and the traceback frames (the extension puts it on the user's line).
#
# Standard library only (plus the framework the script uses). Exit code 0 whenever result.json was
# written; anything else is a driver failure.

import importlib.util
import json
import linecache
import os
import sys
import time
import traceback

MODULE_NAME = "__deploylens_export__"
MAX_TEXT = 4000


def _cap(text):
    text = str(text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _same_file(a, b):
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, TypeError, ValueError):
        return False


def _byte_col_to_char(filename, lineno, col):
    """co_positions columns are UTF-8 byte offsets; the editor counts characters."""
    if col is None:
        return None
    line = linecache.getline(filename, lineno)
    try:
        return len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
    except Exception:  # noqa: BLE001 - a position is a nicety
        return col


def _frames(tb):
    out = []
    for f in traceback.extract_tb(tb):
        frame = {"file": f.filename, "line": f.lineno, "name": f.name}
        end_line = getattr(f, "end_lineno", None)
        col = getattr(f, "colno", None)
        end_col = getattr(f, "end_colno", None)
        if end_line is not None and col is not None and end_col is not None:
            frame["endLine"] = end_line
            frame["col"] = _byte_col_to_char(f.filename, f.lineno, col)
            frame["endCol"] = _byte_col_to_char(f.filename, end_line, end_col)
        out.append(frame)
    return out


class Failure(Exception):
    def __init__(self, kind, message, phase=None, exc=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.phase = phase
        self.exc = exc


def _failure_from(exc, phase):
    """A user-code exception as a failure with its frames (SyntaxError: the offending line as one)."""
    frames = _frames(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        frame = {"file": exc.filename, "line": exc.lineno or 1, "name": "<module>"}
        if exc.offset:
            frame.update({"col": max(0, exc.offset - 1), "endLine": getattr(exc, "end_lineno", None) or exc.lineno or 1})
            frame["endCol"] = max(frame["col"] + 1, (getattr(exc, "end_offset", None) or exc.offset + 1) - 1)
        frames.append(frame)
    if isinstance(exc, SystemExit):
        message = f"the script called sys.exit({exc.code!r}) while {phase}" + (
            " (argparse at the top level with required arguments?)" if phase == "importing the script" else "")
    else:
        message = f"{type(exc).__name__}: {exc}"
    return {
        "ok": False, "kind": "python-error", "phase": phase, "message": _cap(message),
        "exception": type(exc).__name__, "frames": frames,
        "traceback": _cap("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))),
    }


class Sites:
    """Where each nn.Module was constructed: the first frame in the user's script outside the module's own __init__ chain."""

    def __init__(self, script):
        self.script = os.path.realpath(script)
        self.by_id = {}
        self.keep = []  # keeps modules alive so that id() stays unique
        self.positions = {}

    def _position(self, frame):
        code = frame.f_code
        line = frame.f_lineno
        site = {"line": line}
        positions = getattr(code, "co_positions", None)
        if positions is not None:
            table = self.positions.get(code)
            if table is None:
                table = self.positions[code] = list(positions())
            i = frame.f_lasti // 2
            if 0 <= i < len(table):
                start, end, col, end_col = table[i]
                if start is not None and end is not None and col is not None and end_col is not None:
                    site = {"line": start, "endLine": end,
                            "col": _byte_col_to_char(code.co_filename, start, col),
                            "endCol": _byte_col_to_char(code.co_filename, end, end_col)}
        return site

    def record(self, module):
        if id(module) in self.by_id:
            return
        frame = sys._getframe(2)
        # skip the module's own constructors (subclass __init__ → nn.Sequential.__init__ → here)
        while frame is not None and frame.f_locals.get("self") is module:
            frame = frame.f_back
        while frame is not None and not _same_file(frame.f_code.co_filename, self.script):
            frame = frame.f_back
        self.keep.append(module)
        self.by_id[id(module)] = self._position(frame) if frame is not None else None


def _install_hooks(torch, sites, captured):
    original_init = torch.nn.Module.__init__

    def init(self, *args, **kwargs):
        sites.record(self)
        return original_init(self, *args, **kwargs)

    torch.nn.Module.__init__ = init
    original_export = torch.onnx.export

    def recorder(model, args, f=None, *rest, **kwargs):
        """The script's own export call: captured, its file not written."""
        caller = sys._getframe(1)
        captured.append({"line": caller.f_lineno if _same_file(caller.f_code.co_filename, sites.script) else None,
                         "model": model, "args": args, "opset": kwargs.get("opset_version")})

    torch.onnx.export = recorder

    def restore():
        torch.nn.Module.__init__ = original_init
        torch.onnx.export = original_export

    return original_export, restore


def _evaluate(snippet, namespace, script, kind):
    """Runs a statement ('exec') or evaluates an expression at its own line and column of the user's
    file (padded with blank lines, an `if True:` or an open parenthesis on the line before), so that
    tracebacks and construction sites point at the user's text."""
    line = max(1, int(snippet["line"]))
    column = max(0, int(snippet.get("column", 0)))
    text = snippet["text"]
    if kind == "exec":
        if line > 1 and column > 0:
            source = "\n" * (line - 2) + "if True:\n" + " " * column + text
        else:
            source = "\n" * (line - 1) + text
        exec(compile(source, script, "exec"), namespace)  # noqa: S102 - the user's own assignment
        return None
    if line > 1:
        source = "\n" * (line - 2) + "__deploylens_value__ = (\n" + " " * column + text + "\n)"
    else:
        source = "__deploylens_value__ = (" + text + "\n)"
    exec(compile(source, script, "exec"), namespace)  # noqa: S102 - the user's own expression
    return namespace.pop("__deploylens_value__")


def _import_script(script):
    spec = importlib.util.spec_from_file_location(MODULE_NAME, script)
    if spec is None or spec.loader is None:
        raise Failure("driver-error", f"cannot import {script}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


def _entry_result(value, where):
    if isinstance(value, tuple) and len(value) == 2:
        return value[0], value[1]
    raise Failure("bad-entry", f"{where} returned {type(value).__name__}; it must return (model, example_input)")


def run(request):
    script = os.path.realpath(request["script"])
    out_dir = request["outDir"]
    entry = request["entry"]
    framework = request.get("framework", "torch")
    timings = {}
    started = time.perf_counter()

    if framework == "keras":
        return run_keras(request, script, out_dir, entry)

    if importlib.util.find_spec("torch") is None:
        return {"ok": False, "kind": "missing-framework", "framework": "torch",
                "message": f"PyTorch (torch) is not installed for {sys.executable} (Python {sys.version.split()[0]})"}
    import torch  # noqa: PLC0415 - only after the check above

    timings["importTorch"] = time.perf_counter() - started
    sys.path.insert(0, os.path.dirname(script))
    sys.argv = [script]
    sites = Sites(script)
    captured = []
    export, restore = _install_hooks(torch, sites, captured)
    try:
        t = time.perf_counter()
        phase = "importing the script"
        try:
            if entry["kind"] == "setting":
                module = importlib.import_module(entry["module"])
                sites.script = os.path.realpath(getattr(module, "__file__", script) or script)
            else:
                module = _import_script(script)
        except Failure:
            raise
        except BaseException as e:  # noqa: BLE001 - the user's code may raise anything
            if isinstance(e, KeyboardInterrupt):
                raise
            return _failure_from(e, phase)
        timings["importScript"] = time.perf_counter() - t

        t = time.perf_counter()
        phase = "building the model"
        try:
            if entry["kind"] in ("declared", "setting"):
                fn = getattr(module, entry["functionName"], None)
                if not callable(fn):
                    raise Failure("bad-entry", f"the script defines no function {entry['functionName']}()")
                model, example = _entry_result(fn(), f"{entry['functionName']}()")
            else:
                hit = next((c for c in captured if c["line"] == entry["callLine"]), None)
                if hit is not None:
                    model, example = hit["model"], hit["args"]
                    if entry.get("opset") is None and hit["opset"] is not None:
                        request["opset"] = hit["opset"]
                else:
                    namespace = dict(vars(module))
                    for statement in entry["statements"]:
                        _evaluate(statement, namespace, script, "exec")
                    model = _evaluate(entry["model"], namespace, script, "eval")
                    example = _evaluate(entry["input"], namespace, script, "eval")
        except Failure:
            raise
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, KeyboardInterrupt):
                raise
            return _failure_from(e, phase)
        timings["build"] = time.perf_counter() - t
    finally:
        restore()

    if not isinstance(model, torch.nn.Module):
        raise Failure("bad-entry", f"the model is a {type(model).__name__}, not a torch.nn.Module")
    model.eval()
    args = example if isinstance(example, tuple) else (example,)
    onnx_path = os.path.join(out_dir, "model.onnx")
    t = time.perf_counter()
    try:
        with torch.no_grad():
            export(model, args, onnx_path, opset_version=int(request.get("opset") or 17), do_constant_folding=True)
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, KeyboardInterrupt):
            raise
        return _failure_from(e, "exporting to ONNX")
    timings["export"] = time.perf_counter() - t

    modules = []
    for name, sub in model.named_modules():
        site = sites.by_id.get(id(sub))
        modules.append({"name": name, "class": type(sub).__name__, "site": site})
    return {
        "ok": True, "model": "model.onnx", "format": "onnx", "modules": modules,
        "script": sites.script, "python": sys.version.split()[0], "framework": "torch",
        "frameworkVersion": getattr(torch, "__version__", "?"), "timings": timings,
    }


def run_keras(request, script, out_dir, entry):
    """Keras: the model converted to TFLite with TensorFlow's converter (not tested where TensorFlow is absent)."""
    if importlib.util.find_spec("tensorflow") is None:
        return {"ok": False, "kind": "missing-framework", "framework": "tensorflow",
                "message": f"TensorFlow is not installed for {sys.executable} (Python {sys.version.split()[0]})"}
    import tensorflow as tf  # noqa: PLC0415

    sys.path.insert(0, os.path.dirname(script))
    sys.argv = [script]
    phase = "importing the script"
    try:
        module = importlib.import_module(entry["module"]) if entry["kind"] == "setting" else _import_script(script)
        phase = "building the model"
        if entry["kind"] in ("declared", "setting"):
            value = getattr(module, entry["functionName"])()
            model = value[0] if isinstance(value, tuple) else value
        else:
            namespace = dict(vars(module))
            for statement in entry["statements"]:
                _evaluate(statement, namespace, script, "exec")
            model = _evaluate(entry["model"], namespace, script, "eval")
        phase = "converting to TFLite"
        tflite = tf.lite.TFLiteConverter.from_keras_model(model).convert()
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, KeyboardInterrupt):
            raise
        return _failure_from(e, phase)
    with open(os.path.join(out_dir, "model.tflite"), "wb") as f:
        f.write(tflite)
    return {"ok": True, "model": "model.tflite", "format": "tflite", "modules": [], "script": script,
            "python": sys.version.split()[0], "framework": "tensorflow", "frameworkVersion": tf.__version__, "timings": {}}


def main():
    request = json.load(sys.stdin)
    out_dir = request["outDir"]
    try:
        result = run(request)
    except Failure as f:
        result = {"ok": False, "kind": f.kind, "message": _cap(f.message), "frames": []}
    except BaseException as e:  # noqa: BLE001 - anything left is reported, never a silent exit
        if isinstance(e, KeyboardInterrupt):
            raise
        result = _failure_from(e, "running the export")
        result["kind"] = "driver-error"
    with open(os.path.join(out_dir, "result.json"), "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
