"""Write a synthetic legacy-ML source tree for the static benchmarks (``bench_static.py``).

    python benchmarks/make_corpus.py /tmp/corpus                 # 10,000 files, 1% legacy, seed 0
    python benchmarks/make_corpus.py /tmp/corpus --files 2000 --legacy-fraction 0.05

The tree is a project (``pyproject.toml`` at its root) of packages of 40-120 modules each. Every
file is plausible Python 3 of realistic size (a few KB, log-normal, 0.6-24 KB) assembled from varied
blocks: imports, constants, dataclasses, classes, functions with loops, comprehensions, ``try``/``with``,
f-strings, type hints. Three kinds of file, in fixed proportions, at shuffled places:

- legacy (``--legacy-fraction``, default 1%): one to three ``fit_generator`` / ``evaluate_generator`` /
  ``predict_generator`` calls in varied styles: generator functions with keyword or positional counts,
  Keras 1 names (``samples_per_epoch``, ``nb_epoch``, ``nb_val_samples``, ``Convolution2D``), a
  ``keras.utils.Sequence`` with workers, validation generators, ``ImageDataGenerator`` flows, a
  generator bound to a variable, a generator imported from a sibling ``data_gen.py`` module (so the
  cross-module index is exercised), a receiver that is not Keras, and calls fitmigrate must refuse;
- near miss (``--near-miss-fraction``, default 3%): no legacy name, but ``yield`` and ``fit`` /
  ``predict`` / ``evaluate`` (scikit-learn pipelines, data loaders, ``model.fit`` on arrays): what
  ``check``'s broader prefilter lets through. 3% (plus the 1% legacy) is what that prefilter passes on
  a real ML tree: 4.1% of the 6,326 ``.py`` files of a TensorFlow + Keras + tf-keras + numpy
  site-packages;
- plain: everything else.

The same arguments always give the same bytes. ``MANIFEST.json`` at the root lists the legacy and
near-miss files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Callable, List

WORDS = ("sample", "record", "batch", "image", "label", "feature", "token", "frame", "signal", "score", "window",
         "tensor", "shard", "chunk", "layer", "weight", "metric", "epoch", "step", "loss", "mask", "vocab", "item",
         "entry", "row", "column", "patch", "slice", "index", "offset", "buffer", "queue", "cache", "config",
         "option", "setting", "handler", "reader", "writer", "parser", "encoder", "decoder", "scaler", "sampler",
         "augment", "resize", "crop", "normalize", "shuffle", "split", "merge", "filter", "report", "summary")
VERBS = ("load", "build", "make", "read", "write", "parse", "compute", "update", "apply", "collect", "prepare",
         "convert", "format", "validate", "resolve", "extract", "merge", "split", "render", "store", "fetch")
IMPORTS = ("import os", "import re", "import sys", "import json", "import math", "import time", "import random",
           "import logging", "import argparse", "import itertools", "import functools", "import collections",
           "import numpy as np", "import pandas as pd", "from pathlib import Path",
           "from typing import Dict, List, Optional, Tuple", "from dataclasses import dataclass, field",
           "from collections import defaultdict, OrderedDict", "import hashlib", "import shutil",
           "import subprocess", "from functools import partial", "import pickle", "import csv")


class Writer:
    """Builds one module's text from random blocks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: List[str] = []

    def name(self, parts: int = 2) -> str:
        return "_".join(self.rng.choice(WORDS) for _ in range(parts))

    def func_name(self) -> str:
        return f"{self.rng.choice(VERBS)}_{self.name(self.rng.randint(1, 2))}"

    def class_name(self) -> str:
        return "".join(w.capitalize() for w in (self.rng.choice(WORDS) for _ in range(self.rng.randint(1, 3))))

    def size(self) -> int:
        return sum(len(line) + 1 for line in self.lines)

    def emit(self, text: str) -> None:
        self.lines.extend(text.split("\n"))

    # -- blocks ----------------------------------------------------------------------------------

    def header(self) -> None:
        rng = self.rng
        self.emit(f'"""{self.name(1).capitalize()} {self.name(1)} utilities for the {self.name(1)} pipeline.\n\n'
                  f'The {self.name(1)} objects here are built once per {rng.choice(WORDS)} and reused.\n"""\n')
        for line in sorted(set(rng.sample(IMPORTS, rng.randint(3, 9)))):
            self.emit(line)
        self.emit("")
        if rng.random() < 0.5:
            self.emit("logger = logging.getLogger(__name__)" if rng.random() < 0.7 else "LOG = print")
        for _ in range(rng.randint(1, 5)):
            value = rng.choice((str(rng.randint(1, 4096)), f"{rng.random():.4f}", repr(self.name(1)),
                                f"({rng.randint(1, 64)}, {rng.randint(1, 64)})", f"[{rng.randint(0, 9)}] * {rng.randint(2, 8)}"))
            self.emit(f"{self.name(2).upper()} = {value}")
        self.emit("\n")

    def function(self) -> None:
        rng = self.rng
        args = [self.name(1) for _ in range(rng.randint(0, 4))]
        args = list(dict.fromkeys(args))
        hinted = rng.random() < 0.5
        params = ", ".join(f"{a}: {rng.choice(('int', 'str', 'float', 'list', 'Optional[dict]'))}" if hinted else a
                           for a in args)
        if rng.random() < 0.3:
            params += (", " if params else "") + f"{self.name(1)}_limit=None"
        result = self.name(1)
        body = [f'    """{rng.choice(VERBS).capitalize()} the {self.name(1)} for each {rng.choice(WORDS)}."""']
        body.append(f"    {result} = []")
        for _ in range(rng.randint(1, 4)):
            kind = rng.randrange(7)
            var = self.name(1)
            if kind == 0:
                body += [f"    for {var} in range({rng.randint(2, 100)}):",
                         f"        if {var} % {rng.randint(2, 7)} == 0:",
                         "            continue",
                         f"        {result}.append({var} * {rng.randint(1, 9)})"]
            elif kind == 1:
                body += [f"    {var}s = {{k: v for k, v in enumerate({result}) if v}}",
                         f"    {result}.extend(sorted({var}s.values()))"]
            elif kind == 2:
                body += ["    try:",
                         f"        {var} = int(str(len({result})) + '{rng.randint(0, 9)}')",
                         "    except (ValueError, TypeError) as exc:",
                         f"        raise RuntimeError(f\"cannot {rng.choice(VERBS)} {{exc}}\") from exc"]
            elif kind == 3:
                body += [f"    with open(os.devnull, 'w') as {var}_handle:",
                         f"        {var}_handle.write(str({result}))"]
            elif kind == 4:
                body += [f"    while len({result}) < {rng.randint(3, 30)}:",
                         f"        {result}.append(len({result}) ** 2)"]
            elif kind == 5:
                body += [f"    {var} = [x for x in {result} if x > {rng.randint(0, 50)}]",
                         f"    {result} = {var} or {result}"]
            else:
                body += [f"    message = f\"{{len({result})}} {self.name(1)}s after {rng.choice(VERBS)}\"",
                         "    del message"]
        body.append(f"    return {result}")
        self.emit(f"def {self.func_name()}({params}):\n" + "\n".join(body) + "\n\n")

    def dataclass_(self) -> None:
        rng = self.rng
        fields = list(dict.fromkeys(self.name(1) for _ in range(rng.randint(2, 6))))
        lines = ["@dataclass", f"class {self.class_name()}Config:",
                 f'    """Settings of one {rng.choice(WORDS)} {rng.choice(WORDS)}."""', ""]
        for f in fields:
            lines.append(f"    {f}: {rng.choice(('int', 'float', 'str', 'bool'))} = "
                         f"{rng.choice(('0', '1.0', repr(''), 'False', str(rng.randint(2, 512))))}")
        lines += ["", "    def as_dict(self) -> dict:", "        return {k: getattr(self, k) for k in self.__dataclass_fields__}"]
        self.emit("\n".join(lines) + "\n\n")

    def klass(self) -> None:
        rng = self.rng
        name = self.class_name()
        attrs = list(dict.fromkeys(self.name(1) for _ in range(rng.randint(1, 4))))
        lines = [f"class {name}({rng.choice(('object', 'dict', 'Exception', 'collections.abc.Mapping'))}):"
                 if rng.random() < 0.3 else f"class {name}:",
                 f'    """Keeps the {self.name(1)} state between {rng.choice(WORDS)}s."""', "",
                 "    def __init__(self, " + ", ".join(f"{a}=None" for a in attrs) + "):"]
        lines += [f"        self.{a} = {a}" for a in attrs]
        lines.append(f"        self._{self.name(1)} = {{}}")
        for _ in range(rng.randint(1, 4)):
            method = self.func_name()
            attr = rng.choice(attrs)
            lines += ["", f"    def {method}(self, value):",
                      f"        if self.{attr} is None:",
                      f"            self.{attr} = value",
                      f"        elif isinstance(self.{attr}, list):",
                      f"            self.{attr}.append(value)",
                      "        else:",
                      f"            self.{attr} = [self.{attr}, value]",
                      f"        return self.{attr}"]
        if rng.random() < 0.4:
            lines += ["", "    def __repr__(self):",
                      f"        return f\"{name}(" + ", ".join(f"{a}={{self.{a}!r}}" for a in attrs) + ")\""]
        self.emit("\n".join(lines) + "\n\n")

    def main_guard(self) -> None:
        self.emit(f'if __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n'
                  f'    parser.add_argument("--{self.name(1)}", default="{self.name(1)}")\n'
                  "    args = parser.parse_args()\n")

    def pad(self, target: int) -> None:
        blocks: List[Callable[[], None]] = [self.function, self.function, self.function, self.klass, self.dataclass_]
        while self.size() < target:
            self.rng.choice(blocks)()

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


# -- the legacy styles -------------------------------------------------------------------------------

def _gen(rng: random.Random, name: str, batch_param: str = "batch_size") -> str:
    h, w = rng.choice((16, 28, 32, 64)), rng.choice((16, 28, 32, 64))
    channels = rng.choice((1, 3))
    classes = rng.randint(2, 20)
    label = rng.choice((f"np.random.randint(0, {classes}, ({batch_param},))",
                        f"np.random.rand({batch_param}, {classes})",
                        f"np.zeros(({batch_param}, 1), dtype='float32')"))
    return (f"def {name}({batch_param}={rng.choice((16, 32, 64))}):\n"
            f"    while True:\n"
            f"        x = np.random.rand({batch_param}, {h}, {w}, {channels}).astype('float32')\n"
            f"        y = {label}\n"
            f"        yield x, y\n\n")


def legacy_block(rng: random.Random, style: int, relative_import: bool) -> str:
    """One legacy training section; ``style`` picks among the variants."""
    g = f"{rng.choice(WORDS)}_batches"
    steps, epochs = rng.randint(10, 500), rng.randint(1, 50)
    if style == 0:  # generator function, keyword counts, validation generator
        return (_gen(rng, g) + f"model.fit_generator({g}(), steps_per_epoch={steps}, epochs={epochs},\n"
                f"                    validation_data={g}(16), validation_steps={rng.randint(2, 20)}, verbose=2)\n")
    if style == 1:  # Keras 1 names
        return ("from keras.layers import Convolution2D\n\n" + _gen(rng, g) +
                f"model.add(Convolution2D(8, 3, 3, border_mode='same'))\n"
                f"model.fit_generator({g}(64), samples_per_epoch={steps * 64}, nb_epoch={epochs},\n"
                f"                    validation_data={g}(), nb_val_samples=640, nb_worker=2, pickle_safe=True)\n"
                f"score = model.evaluate_generator({g}(), val_samples=320)\n")
    if style == 2:  # Keras 2 positional
        return ("from keras.layers import Conv2D\nlayer = Conv2D(8, kernel_size=3)\n\n" + _gen(rng, g, "bs") +
                f"model.fit_generator({g}(10), {steps}, {epochs}, 1, [], None, None)\n")
    if style == 3:  # a Sequence with workers
        cls = f"{rng.choice(WORDS).capitalize()}Sequence"
        return (f"class {cls}(keras.utils.Sequence):\n"
                f"    def __init__(self, batch_size=8, **kwargs):\n"
                f"        super().__init__(**kwargs)\n"
                f"        self.batch_size = batch_size\n\n"
                f"    def __len__(self):\n        return {rng.randint(5, 100)}\n\n"
                f"    def __getitem__(self, index):\n"
                f"        return (np.zeros((self.batch_size, 4), dtype='float32'),\n"
                f"                np.zeros((self.batch_size, 1), dtype='float32'))\n\n\n"
                f"seq = {cls}()\n"
                f"model.fit_generator(seq, steps_per_epoch=len(seq), epochs={epochs}, workers=4,\n"
                f"                    use_multiprocessing=True, max_queue_size=16)\n")
    if style == 4:  # generator bound to a variable, evaluate and predict
        return (_gen(rng, g) + f"train_gen = {g}(32)\n"
                f"history = model.fit_generator(train_gen, steps_per_epoch={steps}, epochs={epochs})\n"
                f"loss = model.evaluate_generator({g}(), steps=10)\n"
                f"preds = model.predict_generator({g}(), steps=5)\n")
    if style == 5:  # ImageDataGenerator flow
        return ("from keras.preprocessing.image import ImageDataGenerator\n\n"
                "datagen = ImageDataGenerator(rescale=1.0 / 255, horizontal_flip=True)\n"
                f"flow = datagen.flow_from_directory('data/train', target_size=(64, 64), batch_size=32)\n"
                f"model.fit_generator(flow, samples_per_epoch=flow.nb_sample, nb_epoch={epochs})\n")
    if style == 6:  # imported from a sibling module
        source = "from .data_gen import batches" if relative_import else "from data_gen import batches"
        return (f"{source}\n\n"
                f"x_train = np.random.rand(200, 5).astype('float32')\n"
                f"y_train = np.random.randint(0, 3, 200)\n"
                f"model.fit_generator(batches(x_train, y_train), steps_per_epoch={steps}, epochs={epochs})\n")
    if style == 7:  # a receiver that is not Keras: left alone
        return ("class Trainer:\n"
                "    def fit_generator(self, gen, steps):\n"
                "        for _ in range(steps):\n"
                "            next(gen)\n\n\n"
                f"Trainer().fit_generator(iter(range(10)), {steps})\n")
    # style 8: refused: the generator's dtype cannot be proven
    return ("from PIL import Image\n\n"
            f"def {g}(paths, batch_size=32):\n"
            "    while True:\n"
            "        images = [np.asarray(Image.open(p)) for p in paths[:batch_size]]\n"
            "        yield np.stack(images), np.zeros(len(images))\n\n"
            f"model.fit_generator({g}(['a.png']), steps_per_epoch={steps}, epochs={epochs})\n")


DATA_GEN = '''"""Batches shared by the training scripts of this package."""
import numpy as np

BATCH = 16


def batches(x, y, batch_size=BATCH):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]
'''


def near_miss_block(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return ("from sklearn.linear_model import LogisticRegression\n\n"
                "def minibatches(x, y, size=64):\n"
                "    for start in range(0, len(x), size):\n"
                "        yield x[start:start + size], y[start:start + size]\n\n"
                "clf = LogisticRegression(max_iter=200)\n"
                "clf.fit(np.random.rand(100, 4), np.random.randint(0, 2, 100))\n"
                "scores = clf.predict(np.random.rand(10, 4))\n")
    if kind == 1:
        return ("def windows(series, width):\n"
                "    for i in range(len(series) - width):\n"
                "        yield series[i:i + width]\n\n"
                "def benefit(values):\n"
                "    return sum(v for v in values if v > 0)\n")
    return ("def read_lines(path):\n"
            "    with open(path) as handle:\n"
            "        for line in handle:\n"
            "            yield line.rstrip()\n\n"
            f"history = model.fit(np.random.rand(64, 8), np.random.rand(64, 1), epochs={rng.randint(1, 9)}, verbose=0)\n"
            "predictions = model.predict(np.random.rand(4, 8))\n")


def file_text(rng: random.Random, kind: str, relative_import: bool) -> str:
    target = int(min(24_000, max(600, rng.lognormvariate(8.3, 0.7))))  # median about 4 KB
    w = Writer(rng)
    w.header()
    if kind != "plain":
        w.emit("import numpy as np\nfrom tensorflow import keras\n")
    w.pad(target // 2)
    if kind == "legacy":
        styles = rng.sample(range(9), rng.choice((1, 1, 1, 2, 3)))
        w.emit("model = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile('adam', 'mse')\n")
        for style in styles:
            w.emit(legacy_block(rng, style, relative_import))
            w.pad(w.size() + rng.randint(200, 1200))
    elif kind == "near":
        w.emit("model = keras.Sequential([keras.layers.Dense(1)])\n")
        w.emit(near_miss_block(rng))
    w.pad(target)
    if rng.random() < 0.3:
        w.main_guard()
    return w.text()


def make_corpus(out: Path, files: int = 10_000, legacy_fraction: float = 0.01, near_miss_fraction: float = 0.03,
                seed: int = 0) -> dict:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    root = out / "src" / "proj"
    root.mkdir(parents=True)
    (out / "pyproject.toml").write_text("[project]\nname = 'proj'\nversion = '0'\n")
    (root / "__init__.py").write_text("")
    n_legacy = round(files * legacy_fraction)
    n_near = round(files * near_miss_fraction)
    kinds = ["legacy"] * n_legacy + ["near"] * n_near + ["plain"] * (files - n_legacy - n_near)
    rng.shuffle(kinds)
    manifest = {"files": files, "legacy": [], "near_miss": [], "seed": seed, "bytes": 0}
    written, package = 0, 0
    while written < files:
        pkg = root / f"{rng.choice(WORDS)}_{package:03d}"
        package += 1
        sub_count = rng.randint(1, 3)
        for sub in range(sub_count):
            folder = pkg / f"{rng.choice(WORDS)}s_{sub}" if sub else pkg
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "__init__.py").write_text("")
            needs_data_gen = False
            for _ in range(rng.randint(15, 50)):
                if written >= files:
                    break
                kind = kinds[written]
                path = folder / f"{rng.choice(VERBS)}_{rng.choice(WORDS)}_{written:05d}.py"
                text = file_text(rng, kind, relative_import=rng.random() < 0.5)
                needs_data_gen |= "data_gen import" in text
                path.write_text(text)
                manifest["bytes"] += len(text)
                if kind == "legacy":
                    manifest["legacy"].append(str(path.relative_to(out)))
                elif kind == "near":
                    manifest["near_miss"].append(str(path.relative_to(out)))
                written += 1
            if needs_data_gen:
                (folder / "data_gen.py").write_text(DATA_GEN)
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--legacy-fraction", type=float, default=0.01)
    parser.add_argument("--near-miss-fraction", type=float, default=0.03)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    manifest = make_corpus(args.out, args.files, args.legacy_fraction, args.near_miss_fraction, args.seed)
    print(f"{args.out}: {manifest['files']} files ({manifest['bytes'] / 1e6:.1f} MB), {len(manifest['legacy'])} legacy, "
          f"{len(manifest['near_miss'])} near misses, seed {manifest['seed']}")


if __name__ == "__main__":
    main()
