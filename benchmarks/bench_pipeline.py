"""Pipeline-throughput benchmark: training steps per second of the code ``fitmigrate migrate`` writes,
against the legacy ways of feeding the same Python generator. Run by hand (about 5 minutes on 2 cores);
it is not a test. Needs TensorFlow and tf-keras.

    python benchmarks/bench_pipeline.py
    python benchmarks/bench_pipeline.py --steps 300 --repeats 7 --no-write

One legacy training script (``LEGACY`` below: a generator function, a small dense model, a
``fit_generator`` call) is migrated by fitmigrate itself; each variant then runs in its own process:

- ``migrated``: the migrated script under Keras 3 (``tf.data.Dataset.from_generator(...)
  .prefetch(tf.data.AUTOTUNE)`` fed to ``model.fit``);
- ``keras3_fit_generator``: Keras 3 ``model.fit(batches(), ...)`` on the plain Python generator;
- ``tf_keras_fit_generator``: the unmigrated script under ``TF_USE_LEGACY_KERAS=1`` (tf-keras,
  Keras 2's ``fit_generator`` with its default queue: ``max_queue_size=10``, ``workers=1``).

Two generators: ``cpu`` does about 4 ms of numpy work per batch (an augmentation stand-in) and ``io``
sleeps 4 ms per batch (a disk or network read). Each process warms up (one short epoch: tracing,
thread pools), then times ``--repeats`` epochs of ``--steps`` steps; the median counts. Variants run
interleaved, in two rounds in opposite orders, so a change in machine load hits them alike. The
generator alone and the model alone (on an in-memory dataset) are timed too: the ceiling each
pipeline can reach.
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
    model.fit_generator(batches(), steps_per_epoch=STEPS, epochs=1, verbose=0)
'''

VARIANTS = ("migrated", "keras3_fit_generator", "tf_keras_fit_generator")


def programs() -> Dict[str, str]:
    from fitmigrate.migrate import migrate_bytes

    outcome = migrate_bytes(LEGACY.encode(), "legacy_train.py")
    assert outcome.changed and outcome.new is not None, [d.format() for d in outcome.diagnostics]
    migrated = outcome.new.decode()
    assert ".from_generator(" in migrated and ".prefetch(tf.data.AUTOTUNE)" in migrated, migrated
    return {"migrated": migrated,
            "keras3_fit_generator": LEGACY.replace("model.fit_generator(", "model.fit("),
            "tf_keras_fit_generator": LEGACY}


def child(program_file: str, work: str, steps: int, repeats: int) -> None:
    """In a fresh process: define the script, warm up, time ``repeats`` epochs; print JSON."""
    namespace: Dict[str, object] = {"__name__": "bench_program"}
    exec(compile(Path(program_file).read_text(), program_file, "exec"), namespace)
    namespace["WORK"] = work
    namespace["STEPS"] = max(10, steps // 5)
    namespace["train"]()  # warm-up: tracing, thread pools, the first batches
    namespace["STEPS"] = steps
    rates: List[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        namespace["train"]()
        rates.append(steps / (time.perf_counter() - start))
    extra: Dict[str, float] = {}
    if os.environ.get("BENCH_CEILINGS") == "1":
        generator = namespace["batches"]()
        next(generator)
        start = time.perf_counter()
        for _ in range(steps):
            next(generator)
        extra["generator_alone"] = steps / (time.perf_counter() - start)
        import numpy as np
        import tensorflow as tf

        x = np.random.rand(32 * steps, 64).astype("float32")
        y = np.random.rand(32 * steps, 1).astype("float32")
        model = namespace["model"]
        dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).cache()
        model.fit(dataset, epochs=1, verbose=0)
        start = time.perf_counter()
        model.fit(dataset, epochs=1, verbose=0)
        extra["model_alone"] = steps / (time.perf_counter() - start)
    import tensorflow as tf

    keras_version = getattr(namespace["keras"], "__version__", "?")
    print("RESULT " + json.dumps({"rates": rates, "keras": keras_version, "tf": tf.__version__, **extra}))


def run_child(variant: str, program: str, work: str, steps: int, repeats: int, ceilings: bool) -> Dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    env.pop("TF_USE_LEGACY_KERAS", None)
    if variant == "tf_keras_fit_generator":
        env["TF_USE_LEGACY_KERAS"] = "1"
    if ceilings:
        env["BENCH_CEILINGS"] = "1"
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(program)
    try:
        result = subprocess.run([sys.executable, __file__, "--child", handle.name, work, str(steps), str(repeats)],
                                env=env, capture_output=True, text=True, timeout=900)
    finally:
        os.unlink(handle.name)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{variant}/{work} failed:\n{result.stderr[-3000:]}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--render-only", action="store_true",
                        help="write RESULTS.md from the figures of the last run (benchmarks/last_pipeline.json)")
    args = parser.parse_args()

    from benchmarks.results import LoadSampler, machine, replace_section

    if args.render_only:
        replace_section("pipeline throughput", render(json.loads((HERE / "last_pipeline.json").read_text())))
        return

    sources = programs()
    rates: Dict[str, Dict[str, List[float]]] = {w: {v: [] for v in VARIANTS} for w in ("cpu", "io")}
    info: Dict[str, Dict] = {}
    with LoadSampler() as load:
        load_start = os.getloadavg()[0]
        for round_ in range(args.rounds):
            order = VARIANTS if round_ % 2 == 0 else tuple(reversed(VARIANTS))
            for work in ("cpu", "io"):
                for variant in order:
                    print(f"[{time.strftime('%H:%M:%S')}] round {round_ + 1} {work} {variant} "
                          f"(load {os.getloadavg()[0]:.2f})", flush=True)
                    result = run_child(variant, sources[variant], work, args.steps, args.repeats,
                                       ceilings=(round_ == 0 and variant == "migrated"))
                    rates[work][variant] += result["rates"]
                    info.setdefault(f"{work}/{variant}", {}).update({k: v for k, v in result.items() if k != "rates"})
                    print(f"    steps/s: {', '.join(f'{r:.0f}' for r in result['rates'])}", flush=True)
        load_end = os.getloadavg()[0]
    figures = {"machine": machine(), "rates": rates, "info": info, "load": load.summary(), "load_start": load_start,
               "load_end": load_end, "steps": args.steps, "repeats": args.repeats, "rounds": args.rounds}
    (HERE / "last_pipeline.json").write_text(json.dumps(figures, indent=1))
    report = render(figures)
    print(report)
    if not args.no_write:
        replace_section("pipeline throughput", report)


def render(f: Dict) -> str:
    m = f["machine"]
    med = {w: {v: statistics.median(r) for v, r in variants.items()} for w, variants in f["rates"].items()}
    spread = {w: {v: (min(r), max(r)) for v, r in variants.items()} for w, variants in f["rates"].items()}
    versions = f["info"].get("cpu/migrated", {})
    legacy = f["info"].get("cpu/tf_keras_fit_generator", {})
    lines = [
        f"Measured {m['date']} by `python benchmarks/bench_pipeline.py` on {m['nproc']} x {m['cpu']}, {m['memory']}; "
        f"TensorFlow {versions.get('tf', '?')}, Keras {versions.get('keras', '?')} (legacy: tf-keras "
        f"{legacy.get('keras', '?')}). Load average during the run: {f['load']} (start {f['load_start']:.2f}, end "
        f"{f['load_end']:.2f}).",
        "",
        f"A dense model (64 -> 64 -> 1, batch 32) trained for {f['steps']} steps per epoch; each figure is the median "
        f"of {f['repeats'] * f['rounds']} timed epochs ({f['rounds']} processes of {f['repeats']}, after a warm-up "
        "epoch each), in steps/s; min-max in brackets.",
        "",
        "| generator | migrated (`from_generator` + `prefetch`, Keras 3 `fit`) | Keras 3 `fit(generator)` | tf-keras "
        "`fit_generator` (default queue) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for work, label in (("cpu", "CPU-bound (~4 ms numpy per batch)"), ("io", "I/O-bound (sleeps 4 ms per batch)")):
        cells = [f"{med[work][v]:.0f} ({spread[work][v][0]:.0f}-{spread[work][v][1]:.0f})" for v in VARIANTS]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    ceilings = {w: f["info"].get(f"{w}/migrated", {}) for w in ("cpu", "io")}
    if ceilings["cpu"].get("generator_alone"):
        lines += ["", "Ceilings (same process as the first `migrated` run): the generator alone yields "
                  f"{ceilings['cpu']['generator_alone']:.0f} batches/s (CPU-bound) and "
                  f"{ceilings['io'].get('generator_alone', 0):.0f} batches/s (I/O-bound); the model alone, on an "
                  f"in-memory dataset, trains {ceilings['cpu'].get('model_alone', 0):.0f} steps/s."]
    faster_legacy = max(med["cpu"]["keras3_fit_generator"], med["cpu"]["tf_keras_fit_generator"])
    cpu_ratio = med["cpu"]["migrated"] / faster_legacy
    io_ratio = med["io"]["migrated"] / med["io"]["keras3_fit_generator"]
    lines += ["", "| target | figure | |", "| --- | --- | --- |",
              f"| CPU-bound: migrated at least 0.95x the faster legacy path | {cpu_ratio:.2f}x | "
              f"{'met' if cpu_ratio >= 0.95 else '**missed**'} |",
              f"| I/O-bound: migrated at least 1.4x Keras 3 `fit(generator)` | {io_ratio:.2f}x | "
              f"{'met' if io_ratio >= 1.4 else '**missed**'} |"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
