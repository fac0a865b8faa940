"""TensorFlow 1's session boilerplate around Keras code (FM422): what it meant, and its TensorFlow 2 form
where there is an exact one.

TensorFlow 2 (and Keras 3 on it) runs eagerly, without sessions or a default graph: ``tf.Session``,
``tf.ConfigProto``, ``tf.GPUOptions``, ``tf.reset_default_graph`` are ``AttributeError``s (TensorFlow
2.21 serves the TF 1 objects under ``tf.compat.v1``), and ``keras.backend.set_session`` /
``get_session`` are gone. Fixed where the meaning is exact:

- the allow-growth idiom, ``config = tf.ConfigProto()`` (with nothing but ``allow_soft_placement=True``,
  TensorFlow 2's default, or ``gpu_options=tf.GPUOptions(allow_growth=True)``), ``config.gpu_options.
  allow_growth = True``, ``sess = tf.Session(config=config)``, ``K.set_session(sess)``, when ``config``
  and ``sess`` are used nowhere else: the session's GPU allocator grew its memory as needed; TensorFlow
  2's form of that setting is ``tf.config.experimental.set_memory_growth(gpu, True)`` for each GPU, set
  before TensorFlow initializes them (as the first session's config was);
- a session with the default configuration handed to Keras (``K.set_session(tf.Session())``, or through
  a name used nowhere else): Keras 2 then ran in a session configured as TensorFlow 2 runs: removed;
- ``tf.reset_default_graph()``: ``tf.compat.v1.reset_default_graph()``, the same function (Keras 3
  builds no model in that graph);
- the import of ``set_session`` when every use of it is removed.

The rest is reported with what to do in TensorFlow 2 (``TF1_ADVICE``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Set

import libcst as cst

if TYPE_CHECKING:  # pragma: no cover
    from fitmigrate.analysis.keras3_breaks import Finder

# TensorFlow 1 names TensorFlow 2.21 lacks at ``tensorflow.<name>``, with the TensorFlow 2 way.
TF1_ADVICE: Dict[str, str] = {
    "Session": "TensorFlow 2 runs eagerly, without sessions: run the code directly (tf.function compiles it); "
               "configure GPUs with tf.config (tf.config.experimental.set_memory_growth)",
    "InteractiveSession": "TensorFlow 2 runs eagerly, without sessions: remove it",
    "ConfigProto": "configure devices with tf.config: tf.config.experimental.set_memory_growth(gpu, True), "
                   "tf.config.set_logical_device_configuration(gpu, [tf.config.LogicalDeviceConfiguration("
                   "memory_limit=...)]), tf.debugging.set_log_device_placement(True)",
    "GPUOptions": "configure GPUs with tf.config: tf.config.experimental.set_memory_growth(gpu, True), or "
                  "tf.config.set_logical_device_configuration(gpu, [tf.config.LogicalDeviceConfiguration("
                  "memory_limit=...)]) for a fixed share",
    "placeholder": "feed tensors directly: keras.Input(shape=...) for a model's input, arguments of a tf.function "
                   "otherwise",
    "global_variables_initializer": "TensorFlow 2 initializes variables when it creates them: remove it",
    "local_variables_initializer": "TensorFlow 2 initializes variables when it creates them: remove it",
    "get_default_graph": "Keras 3 builds no model in TensorFlow's default graph: remove the graph handling "
                         "(tf.compat.v1.get_default_graph() is the TF 1 function)",
    "set_random_seed": "use keras.utils.set_random_seed(seed): it seeds Python, NumPy and TensorFlow, and Keras 3's "
                       "initializers and dropout",
    "contrib": "tf.contrib was removed in TensorFlow 2.0: use its TensorFlow 2 replacement (tf.keras, tf.signal, "
               "tensorflow_addons, ...)",
    "FIFOQueue": "feed data with tf.data.Dataset (Dataset.from_generator, prefetch)",
    "Summary": "write summaries with tf.summary (tf.summary.create_file_writer, tf.summary.scalar)",
}
# TF 1 names whose tf.compat.v1 function is the same one, and useful to keep as it was.
TF1_RENAMED = {"reset_default_graph": "compat.v1.reset_default_graph"}

_CONFIG = ("tensorflow.ConfigProto", "tensorflow.compat.v1.ConfigProto")
_GPU_OPTIONS = ("tensorflow.GPUOptions", "tensorflow.compat.v1.GPUOptions")
_SESSION = ("tensorflow.Session", "tensorflow.compat.v1.Session")
_SET_SESSION = ("keras.backend.set_session", "keras.backend.tensorflow_backend.set_session",
                "tensorflow.keras.backend.set_session", "tensorflow.compat.v1.keras.backend.set_session",
                "tensorflow.python.keras.backend.set_session")


def _one(line: cst.BaseStatement) -> Optional[cst.BaseSmallStatement]:
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        return line.body[0]
    return None


def _is_true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


class Sessions:
    """Finds the session idioms of one module and records their fixes and reports on the finder."""

    def __init__(self, finder: "Finder") -> None:
        self.finder = finder
        self.names = finder.names
        self.scan = finder.scan
        self.removed: Set[int] = set()  # ids of lines removed or replaced by a fix
        self.claimed: Set[int] = set()  # attribute nodes the fixes account for

    def path(self, node: cst.BaseExpression) -> str:
        raw = self.names.resolve(node) or ""
        from fitmigrate.analysis.keras3_breaks import private_public

        return private_public(raw)

    def call_of(self, node: Optional[cst.BaseExpression], paths) -> Optional[cst.Call]:
        if isinstance(node, cst.Call) and self.path(node.func) in paths and not any(a.star for a in node.args):
            return node
        return None

    def uses_within(self, name: str, lines: List[cst.SimpleStatementLine]) -> bool:
        """Every appearance of ``name`` in the module is inside ``lines``."""
        inside: Set[int] = set()
        for line in lines:
            collect = _Names(name)
            line.visit(collect)
            inside.update(collect.found)
        return name not in self.scan.rebinds and name not in self.scan.bindings and \
            all(id(node) in inside for node in self.scan.names.get(name, []) if id(node) not in self.scan.not_loads)

    def run(self) -> None:
        for body in self.scan.block_bodies.values():
            for index, line in enumerate(body):
                if id(line) in self.removed:
                    continue
                small = _one(line)
                if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
                        isinstance(small.targets[0].target, cst.Name):
                    if self.call_of(small.value, _CONFIG) is not None:
                        self.allow_growth(body, index)
                    elif self.call_of(small.value, _SESSION) is not None:
                        self.bare_session(body, index)
                elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                    call = small.value
                    if self.path(call.func) in _SET_SESSION and len(call.args) == 1:
                        session = self.call_of(call.args[0].value, _SESSION)
                        if session is not None and not session.args:
                            self.remove_bare([line], call)

    # config = tf.ConfigProto(); config.gpu_options.allow_growth = True; sess = tf.Session(config=config); set_session(sess)
    def allow_growth(self, body: List[cst.BaseStatement], index: int) -> None:
        first = body[index]
        assign = _one(first)
        assert isinstance(assign, cst.Assign)
        config_name = assign.targets[0].target.value  # type: ignore[attr-defined]
        config = assign.value
        assert isinstance(config, cst.Call)
        growth = False
        for arg in config.args:
            key = arg.keyword.value if arg.keyword is not None else None
            if key == "allow_soft_placement" and _is_true(arg.value):
                continue
            options = self.call_of(arg.value, _GPU_OPTIONS) if key == "gpu_options" else None
            if options is not None and len(options.args) == 1 and options.args[0].keyword is not None and \
                    options.args[0].keyword.value == "allow_growth" and _is_true(options.args[0].value):
                growth = True
                continue
            return  # another setting: reported with the names
        lines = [first]
        session_name = None
        setter = None
        for line in body[index + 1:]:
            small = _one(line)
            if small is None:
                continue
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                if isinstance(target, cst.Attribute) and cst.Module([]).code_for_node(target) == \
                        f"{config_name}.gpu_options.allow_growth" and _is_true(small.value):
                    growth = True
                    lines.append(line)
                    continue
                session = self.call_of(small.value, _SESSION)
                if session is not None and isinstance(target, cst.Name) and self._configured(session, config_name):
                    session_name = target.value
                    lines.append(line)
                    continue
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
                    self.path(small.value.func) in _SET_SESSION and len(small.value.args) == 1:
                value = small.value.args[0].value
                if (session_name is not None and isinstance(value, cst.Name) and value.value == session_name) or (
                        session_name is None and self.call_of(value, _SESSION) is not None and
                        self._configured(value, config_name)):  # type: ignore[arg-type]
                    setter = small.value
                    lines.append(line)
                    break
        if setter is None or not growth or not self.uses_within(config_name, lines) or (
                session_name is not None and not self.uses_within(session_name, lines)):
            return
        top = self.scan.line_tops.get(id(first), 0)
        spelled, added = self.finder.spell("tensorflow.config", top)
        if not spelled:
            return
        gpu = next(n for n in ("gpu", "gpu_device", "physical_gpu", "_gpu") if n not in self.scan.names)
        loop = (f"for {gpu} in {spelled}.list_physical_devices(\"GPU\"):\n"
                f"    {spelled}.experimental.set_memory_growth({gpu}, True)")
        from fitmigrate.analysis.keras3_breaks import ReplaceLine

        edits = [ReplaceLine(first, [loop], absorbs=lines[1:])]  # type: ignore[list-item]
        edits += [ReplaceLine(line, []) for line in lines[1:]]  # type: ignore[misc]
        self.removed.update(id(line) for line in lines)
        self.claim(lines)
        self.finder.add("FM422", config, "TensorFlow 1's session set-up (tf.ConfigProto with gpu_options.allow_growth, "
                                         "a tf.Session, set_session) does not exist in TensorFlow 2 and Keras 3, which "
                                         "run without sessions: `fitmigrate migrate` writes TensorFlow 2's form of the "
                                         "same setting, tf.config.experimental.set_memory_growth(gpu, True) for each "
                                         "GPU, set before TensorFlow initializes them as the session's config was",
                        [*edits, *added])
        self.finder.removed_uses(setter)

    def _configured(self, session: cst.Call, config_name: str) -> bool:
        if len(session.args) != 1:
            return False
        arg = session.args[0]  # by keyword: tf.Session's first parameter is target
        return arg.keyword is not None and arg.keyword.value == "config" and isinstance(arg.value, cst.Name) and \
            arg.value.value == config_name

    # sess = tf.Session(); K.set_session(sess)
    def bare_session(self, body: List[cst.BaseStatement], index: int) -> None:
        first = body[index]
        assign = _one(first)
        assert isinstance(assign, cst.Assign)
        session = assign.value
        assert isinstance(session, cst.Call)
        if session.args:
            return
        name = assign.targets[0].target.value  # type: ignore[attr-defined]
        for line in body[index + 1:]:
            small = _one(line)
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
                    self.path(small.value.func) in _SET_SESSION and len(small.value.args) == 1 and \
                    isinstance(small.value.args[0].value, cst.Name) and small.value.args[0].value.value == name:
                lines = [first, line]  # type: ignore[list-item]
                if self.uses_within(name, lines):
                    self.remove_bare(lines, small.value)
                return

    def remove_bare(self, lines: List[cst.BaseStatement], setter: cst.Call) -> None:
        from fitmigrate.analysis.keras3_breaks import ReplaceLine

        if any(id(line) in self.removed for line in lines):
            return
        self.removed.update(id(line) for line in lines)
        self.claim(lines)
        self.finder.add("FM422", setter, "set_session() handed Keras 2 a TensorFlow 1 session with the default "
                                         "configuration; TensorFlow 2 and Keras 3 have no sessions and run as that "
                                         "default: `fitmigrate migrate` removes it",
                        [ReplaceLine(line, []) for line in lines])  # type: ignore[arg-type]
        self.finder.removed_uses(setter)

    def claim(self, lines) -> None:
        for line in lines:
            collect = _Attributes()
            line.visit(collect)
            self.claimed.update(collect.found)


class _Names(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        self.name = name
        self.found: Set[int] = set()

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.found.add(id(node))


class _Attributes(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: Set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.found.add(id(node))

    def visit_Name(self, node: cst.Name) -> None:
        self.found.add(id(node))
