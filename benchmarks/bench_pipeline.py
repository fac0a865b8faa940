"""Pipeline-throughput benchmark: training steps per second of the code ``fitmigrate migrate`` writes,
against the legacy ways of feeding the same data. Run by hand (about 10 minutes on 2 cores); it is not
a test. Needs TensorFlow, tf-keras and scipy.

    python benchmarks/bench_pipeline.py
    python benchmarks/bench_pipeline.py --steps 300 --epochs 7 --no-write

Three legacy training scripts are migrated by fitmigrate itself (the benchmark asserts the shape it
wrote) and each variant runs in a process of its own:

- ``LEGACY`` (a generator function, a small dense model, ``fit_generator``) with two generators:
  ``cpu`` does about 4 ms of numpy work per batch (an augmentation stand-in) and ``io`` sleeps 4 ms per
  batch (a file read). Variants: ``migrated`` (what migrate writes: ``tf.data.Dataset.from_generator(
  batches, ...).prefetch(tf.data.AUTOTUNE)`` fed to Keras 3 ``fit``), ``migrated_read_ahead`` (the
  alternative measured, not written: the same dataset reading the generator on a thread of its own,
  ``from_generator(lambda: read_ahead(batches(), 10), ...).prefetch(0)``, see profile_pipeline.py),
  ``keras3_fit_generator`` (Keras 3 ``fit(batches())`` on the plain generator) and
  ``tf_keras_fit_generator`` (the unmigrated script under ``TF_USE_LEGACY_KERAS=1``: tf-keras, Keras 2's
  ``fit_generator``, default queue).
- ``LEGACY_SEQUENCE``: a ``keras.utils.Sequence`` whose ``__getitem__`` sleeps 8 ms (a file read),
  ``fit_generator(seq, workers=4, use_multiprocessing=...)``, threads (``seq_threads``) and
  processes (``seq_processes``).
- ``LEGACY_FLOW``: an ImageDataGenerator ``flow`` (shifts, rotation and flips of 24x24x3 images:
  CPU-bound scipy work) with ``workers=4``, threads (``flow_threads``) and processes
  (``flow_processes``).

For the last two, ``migrated`` is what migrate writes now (the workers set on the PyDataset),
``migrated_serial`` what it wrote before (the arguments dropped), ``tf_keras_fit_generator`` the
legacy call with the same arguments.

What is measured is what a user's training sees: one ``fit`` call of ``--epochs`` epochs of ``--steps``
steps, each epoch timed by a callback (steps/s); the first epoch (tracing, thread pools, the first
batches) is left out, the median of the others counts. The cost of starting and ending a ``fit`` call
(building the iterator, destroying it: paid once per call, not per epoch) is measured apart, as the
time of a 5-step ``fit`` minus 5 steady steps. Variants run interleaved, in ``--rounds`` rounds in
alternating order, so a change in machine load hits them alike. The generator alone, a Sequence item
alone and the model alone (on an in-memory dataset) are timed in the same processes: the overlap
ceiling ``min(generator, model)`` a pipeline can reach.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

LEGACY = '''import time

import numpy as np
from tensorflow import keras

BATCH = 32
FEATURES = 64
STEPS = 100
EPOCHS = 1
CALLBACKS = []
WORK = "cpu"


def augment(images, rounds):
    """CPU-bound stand-in for image augmentation: numpy work on a batch of 64x64 images."""
    for _ in range(rounds):
        images = np.flip(images, axis=2) * 1.0001 + 0.0001
        images = (images - images.mean()) / (images.std() + 1e-6)
    return images


def batches(batch_size=BATCH):
    rng = np.random.default_rng(0)
    while True:
        if WORK == "cpu":
            augment(rng.random((batch_size, 64, 64)), 2)
        else:
            time.sleep(0.004)
        x = rng.random((batch_size, FEATURES), dtype=np.float32)
        y = rng.random((batch_size, 1), dtype=np.float32)
        yield x, y


model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile("adam", "mse")


def train():
    model.fit_generator(batches(), steps_per_epoch=STEPS, epochs=EPOCHS, verbose=0, callbacks=CALLBACKS)
'''

LEGACY_SEQUENCE = '''import time

import numpy as np
from tensorflow import keras

BATCH = 32
FEATURES = 64
STEPS = 100
EPOCHS = 1
CALLBACKS = []
PROCESSES = False


class Reads(keras.utils.Sequence):
    """Batches read from disk: each item takes 8 ms of waiting (a file read), then builds the arrays."""

    def __init__(self, batches, **kwargs):
        super().__init__(**kwargs)
        self.batches = batches

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        time.sleep(0.008)
        rng = np.random.default_rng(index)
        return rng.random((BATCH, FEATURES), dtype=np.float32), rng.random((BATCH, 1), dtype=np.float32)


model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile("adam", "mse")


def batches():
    return Reads(STEPS)


def train():
    seq = Reads(STEPS)
    model.fit_generator(seq, steps_per_epoch=len(seq), epochs=EPOCHS, verbose=0, callbacks=CALLBACKS,
                        workers=4, use_multiprocessing=PROCESSES)
'''

LEGACY_FLOW = '''import numpy as np
from tensorflow import keras

BATCH = 32
STEPS = 100
EPOCHS = 1
CALLBACKS = []
PROCESSES = False

rng = np.random.default_rng(0)
images = rng.random((BATCH * 400, 24, 24, 3), dtype=np.float32)
labels = rng.random((BATCH * 400, 1), dtype=np.float32)
augmenter = keras.preprocessing.image.ImageDataGenerator(rotation_range=10, width_shift_range=0.1,
                                                         height_shift_range=0.1, horizontal_flip=True)
model = keras.Sequential([keras.Input((24, 24, 3)), keras.layers.Flatten(), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(1)])
model.compile("adam", "mse")


def batches():
    return augmenter.flow(images[:BATCH * STEPS], labels[:BATCH * STEPS], batch_size=BATCH, seed=0)


def train():
    flow = augmenter.flow(images[:BATCH * STEPS], labels[:BATCH * STEPS], batch_size=BATCH, seed=0)
    model.fit_generator(flow, steps_per_epoch=len(flow), epochs=EPOCHS, verbose=0, callbacks=CALLBACKS,
                        workers=4, use_multiprocessing=PROCESSES)
'''

GENERATOR_VARIANTS = ("migrated", "migrated_read_ahead", "keras3_fit_generator", "tf_keras_fit_generator")
PARALLEL_VARIANTS = ("migrated", "migrated_serial", "tf_keras_fit_generator")
# workload -> (legacy script, PROCESSES or WORK, variants)
WORKLOADS = {"cpu": ("gen", "cpu", GENERATOR_VARIANTS), "io": ("gen", "io", GENERATOR_VARIANTS),
             "seq_threads": ("seq", False, PARALLEL_VARIANTS), "seq_processes": ("seq", True, PARALLEL_VARIANTS),
             "flow_threads": ("flow", False, PARALLEL_VARIANTS), "flow_processes": ("flow", True, PARALLEL_VARIANTS)}


def _serial(migrated: str) -> str:
    """What migrate wrote before the workers moved to the PyDataset: the lines setting them, gone."""
    kept = [line for line in migrated.splitlines(keepends=True)
            if not any(f".{name} = " in line for name in ("workers", "use_multiprocessing", "max_queue_size"))]
    return "".join(kept)


def programs() -> Dict[str, Dict[str, str]]:
    from fitmigrate.migrate import migrate_bytes

    sources = {}
    for kind, legacy in (("gen", LEGACY), ("seq", LEGACY_SEQUENCE), ("flow", LEGACY_FLOW)):
        outcome = migrate_bytes(legacy.encode(), f"legacy_{kind}.py")
        assert outcome.changed and outcome.new is not None, [d.format() for d in outcome.diagnostics]
        migrated = outcome.new.decode()
        if kind == "gen":
            assert ".from_generator(\n        batches," in migrated and ").prefetch(tf.data.AUTOTUNE)" in migrated, migrated
            from benchmarks.profile_pipeline import READ_AHEAD

            threaded = migrated.replace("\ndef train():", READ_AHEAD + "\n\ndef train():").replace(
                ".from_generator(\n        batches,", ".from_generator(\n        lambda: read_ahead(batches(), 10),").replace(
                ").prefetch(tf.data.AUTOTUNE)", ").prefetch(0)")
            sources[kind] = {"migrated": migrated, "migrated_read_ahead": threaded, "tf_keras_fit_generator": legacy,
                             "keras3_fit_generator": legacy.replace("model.fit_generator(", "model.fit(")}
        else:
            own = "seq" if kind == "seq" else "flow"
            assert f"{own}.workers = 4" in migrated and "fit_generator" not in migrated, migrated
            sources[kind] = {"migrated": migrated, "migrated_serial": _serial(migrated),
                             "tf_keras_fit_generator": legacy}
    return sources


def child(program_file: str, setting: str, steps: int, epochs: int) -> None:
    """In a fresh process: define the script, time one ``fit`` of ``epochs`` epochs, then a few short
    ``fit`` calls and the ceilings; print JSON."""
    namespace: Dict[str, object] = {"__name__": "bench_program"}
    exec(compile(Path(program_file).read_text(), program_file, "exec"), namespace)
    if setting in ("cpu", "io"):
        namespace["WORK"] = setting
    else:
        namespace["PROCESSES"] = setting == "True"
    keras = namespace["keras"]

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.rates: List[float] = []

        def on_epoch_begin(self, epoch, logs=None) -> None:
            self.start, self.steps = time.perf_counter(), 0

        def on_train_batch_end(self, batch, logs=None) -> None:
            self.steps += 1

        def on_epoch_end(self, epoch, logs=None) -> None:
            self.rates.append(self.steps / (time.perf_counter() - self.start))

    timer = EpochTimer()
    namespace.update(STEPS=steps, EPOCHS=epochs, CALLBACKS=[timer])
    namespace["train"]()
    rates = timer.rates[1:]
    steady = statistics.median(rates)
    # The cost of a fit call itself: five 5-step calls, less 5 steady steps each.
    namespace.update(STEPS=5, EPOCHS=1, CALLBACKS=[])
    calls = []
    for _ in range(5):
        start = time.perf_counter()
        namespace["train"]()
        calls.append(time.perf_counter() - start - 5 / steady)
    extra: Dict[str, float] = {"call_overhead_ms": statistics.median(calls) * 1000}
    if os.environ.get("BENCH_CEILINGS") == "1":
        made = namespace["batches"]()
        if hasattr(made, "__getitem__"):  # a Sequence or a flow: one item after another, in this thread
            made[0]
            start = time.perf_counter()
            for index in range(1, min(steps, len(made))):
                made[index]
            extra["generator_alone"] = (min(steps, len(made)) - 1) / (time.perf_counter() - start)
        else:
            next(made)
            start = time.perf_counter()
            for _ in range(steps):
                next(made)
            extra["generator_alone"] = steps / (time.perf_counter() - start)
        import numpy as np
        import tensorflow as tf

        x, y = made[0] if hasattr(made, "__getitem__") else next(made)
        x = np.repeat(np.asarray(x)[:1], 32 * steps, axis=0)
        y = np.repeat(np.asarray(y)[:1], 32 * steps, axis=0)
        model = namespace["model"]
        dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).cache()
        model.fit(dataset, epochs=1, verbose=0)
        start = time.perf_counter()
        model.fit(dataset, epochs=1, verbose=0)
        extra["model_alone"] = steps / (time.perf_counter() - start)
    import tensorflow as tf

    keras_version = getattr(keras, "__version__", "?")
    print("RESULT " + json.dumps({"rates": rates, "keras": keras_version, "tf": tf.__version__, **extra}))


def run_child(variant: str, program: str, setting, steps: int, epochs: int, ceilings: bool) -> Dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    env.pop("TF_USE_LEGACY_KERAS", None)
    if variant == "tf_keras_fit_generator":
        env["TF_USE_LEGACY_KERAS"] = "1"
    if ceilings:
        env["BENCH_CEILINGS"] = "1"
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(program)
    try:
        result = subprocess.run([sys.executable, __file__, "--child", handle.name, str(setting), str(steps),
                                 str(epochs)], env=env, capture_output=True, text=True, timeout=900)
    finally:
        os.unlink(handle.name)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{variant}/{setting} failed:\n{result.stderr[-3000:]}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=200, help="steps per epoch (at most 400)")
    parser.add_argument("--epochs", type=int, default=5, help="epochs per fit call; the first is not timed")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", nargs="*", choices=sorted(WORKLOADS), help="run only these workloads")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--render-only", action="store_true",
                        help="write RESULTS.md from the figures of the last run (benchmarks/last_pipeline.json)")
    args = parser.parse_args()

    from benchmarks.results import LoadSampler, machine, replace_section

    if args.render_only:
        replace_section("pipeline throughput", render(json.loads((HERE / "last_pipeline.json").read_text())))
        return

    sources = programs()
    workloads = args.only or list(WORKLOADS)
    rates: Dict[str, Dict[str, List[float]]] = {w: {v: [] for v in WORKLOADS[w][2]} for w in workloads}
    info: Dict[str, Dict] = {}
    with LoadSampler() as load:
        load_start = os.getloadavg()[0]
        for round_ in range(args.rounds):
            for work in workloads:
                kind, setting, variants = WORKLOADS[work]
                order = variants if round_ % 2 == 0 else tuple(reversed(variants))
                for variant in order:
                    print(f"[{time.strftime('%H:%M:%S')}] round {round_ + 1} {work} {variant} "
                          f"(load {os.getloadavg()[0]:.2f})", flush=True)
                    result = run_child(variant, sources[kind][variant], setting, args.steps, args.epochs,
                                       ceilings=(round_ == 0 and variant == "migrated"))
                    rates[work][variant] += result["rates"]
                    info.setdefault(f"{work}/{variant}", {}).setdefault("call_overhead_ms", []).append(
                        result.pop("call_overhead_ms"))
                    info[f"{work}/{variant}"].update({k: v for k, v in result.items() if k != "rates"})
                    print(f"    steps/s: {', '.join(f'{r:.0f}' for r in result['rates'])}", flush=True)
        load_end = os.getloadavg()[0]
    figures = {"machine": machine(), "rates": rates, "info": info, "load": load.summary(), "load_start": load_start,
               "load_end": load_end, "steps": args.steps, "epochs": args.epochs, "rounds": args.rounds,
               "command": " ".join(["python benchmarks/bench_pipeline.py"] + sys.argv[1:])}
    (HERE / "last_pipeline.json").write_text(json.dumps(figures, indent=1))
    report = render(figures)
    print(report)
    if not args.no_write:
        replace_section("pipeline throughput", report)


LABELS = {"cpu": "generator function, CPU-bound (~4 ms numpy per batch)",
          "io": "generator function, I/O-bound (sleeps 4 ms per batch)",
          "seq_threads": "Sequence, 8 ms sleep per item, `workers=4`",
          "seq_processes": "Sequence, 8 ms sleep per item, `workers=4, use_multiprocessing=True`",
          "flow_threads": "ImageDataGenerator flow (scipy transforms), `workers=4`",
          "flow_processes": "ImageDataGenerator flow (scipy transforms), `workers=4, use_multiprocessing=True`"}
HEADERS = {
    GENERATOR_VARIANTS: ("migrated (`from_generator` + `prefetch(AUTOTUNE)`)", "not written: generator on a "
                         "thread of its own (`read_ahead`)", "Keras 3 `fit(generator)`", "tf-keras `fit_generator`"),
    PARALLEL_VARIANTS: ("migrated (workers set on the PyDataset)", "before: worker arguments dropped",
                        "tf-keras `fit_generator`, same arguments"),
}


def _verdict(ratio: float, target: float) -> str:
    return "met" if ratio >= target else "**missed**"


def render(f: Dict) -> str:
    m = f["machine"]
    med = {w: {v: statistics.median(r) for v, r in variants.items() if r} for w, variants in f["rates"].items()}
    spread = {w: {v: (min(r), max(r)) for v, r in variants.items() if r} for w, variants in f["rates"].items()}
    info = f["info"]
    any_migrated = next((v for k, v in info.items() if k.endswith("/migrated")), {})
    legacy = next((v for k, v in info.items() if k.endswith("/tf_keras_fit_generator")), {})
    timed = (f["epochs"] - 1) * f["rounds"]
    lines = [
        f"Measured {m['date']} by `{f.get('command', 'python benchmarks/bench_pipeline.py')}` on {m['nproc']} x "
        f"{m['cpu']}, {m['memory']}, Python {m.get('python', '?')}; TensorFlow {any_migrated.get('tf', '?')}, Keras "
        f"{any_migrated.get('keras', '?')} (legacy: tf-keras {legacy.get('keras', '?')}). Load average (1 min) during "
        f"the run: {f['load']} (start {f['load_start']:.2f}, end {f['load_end']:.2f}); other sessions shared the "
        "cores, so every variant ran interleaved with the others, in alternating order.",
        "",
        f"What a user's training sees: one `fit` call of {f['epochs']} epochs of {f['steps']} steps (a dense model, "
        f"batch 32), each epoch timed by a callback; the first epoch of each call is left out (tracing, the first "
        f"batches). Each figure is the median of {timed} epochs ({f['rounds']} processes of {f['epochs'] - 1}), in "
        "steps/s, min-max in brackets. \"Per call\" is the cost of starting and ending one `fit` call (the iterator "
        "made and destroyed, the enqueuer started and stopped), paid once per call, not per epoch: the median of a "
        "5-step `fit` less 5 steady steps.",
    ]
    targets: List[str] = []
    for group in (GENERATOR_VARIANTS, PARALLEL_VARIANTS):
        works = [w for w in f["rates"] if tuple(f["rates"][w]) == group and med.get(w)]
        if not works:
            continue
        ceiling_head = ("overlap ceiling `min(generator, model)`" if group == GENERATOR_VARIANTS
                        else "one item after another / model alone")
        lines += ["", "| input | " + " | ".join(HEADERS[group]) + f" | {ceiling_head} | per call: migrated / tf-keras |",
                  "| --- |" + " ---: |" * (len(group) + 2)]
        for work in works:
            cells = [f"{med[work][v]:.0f} ({spread[work][v][0]:.0f}-{spread[work][v][1]:.0f})" if v in med[work]
                     else "-" for v in group]
            ceiling_info = info.get(f"{work}/migrated", {})
            generator, model = ceiling_info.get("generator_alone"), ceiling_info.get("model_alone")
            ceiling = None
            if generator and model and group == GENERATOR_VARIANTS:
                ceiling = min(generator, model)
                ceiling_cell = f"{ceiling:.0f} (generator {generator:.0f}, model {model:.0f})"
            elif generator and model:
                ceiling_cell = f"{generator:.0f} items/s / {model:.0f} steps/s"
            else:
                ceiling_cell = "-"
            overhead = [statistics.median(info.get(f"{work}/{v}", {}).get("call_overhead_ms", [0]))
                        for v in ("migrated", "tf_keras_fit_generator")]
            lines.append(f"| {LABELS[work]} | " + " | ".join(cells) + f" | {ceiling_cell} | "
                         f"{overhead[0]:.0f} ms / {overhead[1]:.0f} ms |")
            ratio = med[work]["migrated"] / med[work]["tf_keras_fit_generator"]
            targets.append(f"| {LABELS[work]}: migrated at least 1.0x tf-keras `fit_generator` | {ratio:.2f}x | "
                           f"{_verdict(ratio, 1.0)} |")
            if ceiling:
                ratio = med[work]["migrated"] / ceiling
                targets.append(f"| {LABELS[work]}: migrated at least 0.9x the overlap ceiling | {ratio:.2f}x | "
                               f"{_verdict(ratio, 0.9)} |")
    lines += ["", "| target | figure | |", "| --- | --- | --- |", *targets]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
