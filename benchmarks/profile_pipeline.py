"""Where the time of a migrated training pipeline goes: the measurements the shape ``migrate`` writes
was chosen from (issue 13). Run by hand (about 3 minutes on 2 cores); it is not a test.

    python benchmarks/profile_pipeline.py            # print, and write the ``## pipeline profile`` section
    python benchmarks/profile_pipeline.py --no-write

Each measurement runs in a process of its own, under Keras 3:

1. ``from_generator`` per element: a generator that costs nothing (the same two arrays again and
   again) read through ``tf.data.Dataset.from_generator(..., output_signature=...)``, eagerly and
   inside a graph: the ``py_function`` call, the structure checks and the conversion, which hold the GIL.
2. The steady state of ``fit`` on a generator that sleeps 4 ms per batch (a file read) through
   ``from_generator(...).prefetch(AUTOTUNE)``, through the same with the generator read on a thread of
   its own (``READ_AHEAD`` below, a thread-backed reader), and the generator alone.
3. What one ``fit`` call costs besides its steps: the time to the first batch, and the time between
   ``on_train_end`` and ``fit`` returning (the dataset iterator destroyed), over 8 calls of 60 steps.
4. Keras 3's cost per epoch for a ``PyDataset`` with ``workers=4``: the same Sequence trained with
   epochs of 25 and of 200 steps; the difference in time per epoch, less 175 steady steps, is what
   each epoch pays (Keras 3 stops its enqueuer at every epoch's end and starts a new pool at the next).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# The thread-backed reader measured against tf.data's prefetch (measurement 2, and the
# ``migrated_read_ahead`` variant of bench_pipeline.py): the generator on a thread of its own, a FIFO
# queue of ``size`` batches, as legacy fit_generator's GeneratorEnqueuer read it with one worker. It is
# not what migrate writes (see RESULTS.md, pipeline profile).
READ_AHEAD = '''def read_ahead(batches, size):
    """Yields what ``batches`` yields, read by a thread of its own up to ``size`` batches ahead, as
    legacy ``fit_generator`` read a generator: loading overlaps training (written by fitmigrate)."""
    import queue
    import threading

    ready = queue.Queue(size)
    stop = threading.Event()

    def hand_over(item):
        while not stop.is_set():
            try:
                return ready.put(item, timeout=0.1)
            except queue.Full:
                pass

    def read():
        try:
            for batch in batches:
                hand_over((True, batch))
                if stop.is_set():
                    return
        except BaseException as error:  # raised where the batch is wanted
            hand_over((False, error))
        else:
            hand_over((False, None))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while True:
            more, batch = ready.get()
            if not more:
                if batch is not None:
                    raise batch
                return
            yield batch
    finally:
        stop.set()
        while not ready.empty():  # wakes a reader waiting to hand over
            ready.get_nowait()
        reader.join()
'''

COMMON = '''
import json, os, statistics, sys, time
import numpy as np
import tensorflow as tf
import keras

SIGNATURE = (tf.TensorSpec(shape=(None, 64), dtype=tf.float32), tf.TensorSpec(shape=(None, 1), dtype=tf.float32))


def sleeper():
    rng = np.random.default_rng(0)
    while True:
        time.sleep(0.004)
        yield rng.random((32, 64), dtype=np.float32), rng.random((32, 1), dtype=np.float32)


def dense():
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    return model


class Steps(keras.callbacks.Callback):
    """Per epoch steps/s; the time to the first batch and from on_train_end on."""

    def __init__(self):
        super().__init__()
        self.rates, self.marks = [], {}

    def on_train_begin(self, logs=None):
        self.marks["begin"] = time.perf_counter()

    def on_epoch_begin(self, epoch, logs=None):
        self.start, self.steps = time.perf_counter(), 0

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        self.marks.setdefault("first", time.perf_counter())

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(self.steps / (time.perf_counter() - self.start))

    def on_train_end(self, logs=None):
        self.marks["end"] = time.perf_counter()
'''

PER_ELEMENT = COMMON + '''
def free():
    x, y = np.zeros((32, 64), np.float32), np.zeros((32, 1), np.float32)
    while True:
        yield x, y

n = 3000
it = iter(tf.data.Dataset.from_generator(free, output_signature=SIGNATURE))
next(it)
start = time.perf_counter()
for _ in range(n):
    next(it)
eager = (time.perf_counter() - start) / n * 1e3
dataset = tf.data.Dataset.from_generator(free, output_signature=SIGNATURE).take(n)
start = time.perf_counter()
dataset.reduce(0.0, lambda total, batch: total + batch[0][0, 0])
graph = (time.perf_counter() - start) / n * 1e3
print("RESULT " + json.dumps({"eager_ms": eager, "graph_ms": graph}))
'''

STEADY = COMMON + '''
exec(os.environ["READ_AHEAD"])
figures = {}
generator = sleeper()
next(generator)
start = time.perf_counter()
for _ in range(200):
    next(generator)
figures["generator_alone"] = 200 / (time.perf_counter() - start)
for name, make in (("prefetch", lambda: tf.data.Dataset.from_generator(sleeper, output_signature=SIGNATURE)
                    .prefetch(tf.data.AUTOTUNE)),
                   ("read_ahead", lambda: tf.data.Dataset.from_generator(lambda: read_ahead(sleeper(), 10),
                                                                         output_signature=SIGNATURE).prefetch(0))):
    model, steps = dense(), Steps()
    model.fit(make(), steps_per_epoch=200, epochs=5, verbose=0, callbacks=[steps])
    figures[name] = statistics.median(steps.rates[1:])
print("RESULT " + json.dumps(figures))
'''

CALL = COMMON + '''
model = dense()
first, after = [], []
for _ in range(9):
    steps = Steps()
    dataset = tf.data.Dataset.from_generator(sleeper, output_signature=SIGNATURE).prefetch(tf.data.AUTOTUNE)
    model.fit(dataset, steps_per_epoch=60, epochs=1, verbose=0, callbacks=[steps])
    returned = time.perf_counter()
    first.append((steps.marks["first"] - steps.marks["begin"]) * 1e3)
    after.append((returned - steps.marks["end"]) * 1e3)
first, after = first[1:], after[1:]  # the first call traces
print("RESULT " + json.dumps({"first_batch_ms": first, "after_end_ms": after}))
'''

EPOCH = COMMON + '''
class Reads(keras.utils.PyDataset):
    def __init__(self, batches):
        super().__init__(workers=4, use_multiprocessing=False, max_queue_size=10)
        self.batches = batches

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        time.sleep(0.008)
        rng = np.random.default_rng(index)
        return rng.random((32, 64), dtype=np.float32), rng.random((32, 1), dtype=np.float32)

model = dense()
per_epoch = {}
for batches in (25, 200):
    steps = Steps()
    model.fit(Reads(batches), epochs=6, verbose=0, callbacks=[steps])
    per_epoch[batches] = statistics.median(batches / rate for rate in steps.rates[1:])
steady = (per_epoch[200] - per_epoch[25]) / 175
print("RESULT " + json.dumps({"epoch_25_s": per_epoch[25], "epoch_200_s": per_epoch[200], "step_ms": steady * 1e3,
                              "per_epoch_ms": (per_epoch[25] - 25 * steady) * 1e3}))
'''


def run(program: str) -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore", READ_AHEAD=READ_AHEAD)
    env.pop("TF_USE_LEGACY_KERAS", None)
    result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=900)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(result.stderr[-3000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    from benchmarks.results import LoadSampler, machine, replace_section

    with LoadSampler() as load:
        start = os.getloadavg()[0]
        element, steady, call, epoch = run(PER_ELEMENT), run(STEADY), run(CALL), run(EPOCH)
        end = os.getloadavg()[0]
    m = machine()
    median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
    generator_ms = 1e3 / steady["generator_alone"]
    lines = [
        f"Measured {m['date']} by `python benchmarks/profile_pipeline.py` on {m['nproc']} x {m['cpu']}, Python "
        f"{m['python']}, Keras 3; load average (1 min) {load.summary()} (start {start:.2f}, end {end:.2f}).",
        "",
        "| measurement | figure |",
        "| --- | --- |",
        f"| `from_generator` cost per element, generator free (eager `next` / inside a graph) | "
        f"{element['eager_ms']:.2f} ms / {element['graph_ms']:.2f} ms |",
        f"| generator alone (4 ms sleep per batch) | {steady['generator_alone']:.0f} batches/s "
        f"({generator_ms:.2f} ms each) |",
        f"| `fit`, steady state: `from_generator(gen).prefetch(AUTOTUNE)` | {steady['prefetch']:.0f} steps/s "
        f"({1e3 / steady['prefetch']:.2f} ms per step) |",
        f"| `fit`, steady state, generator on a thread of its own: `from_generator(lambda: read_ahead(gen(), 10))"
        ".prefetch(0)` | "
        f"{steady['read_ahead']:.0f} steps/s ({1e3 / steady['read_ahead']:.2f} ms per step) |",
        f"| one `fit` call: time to the first batch (median, min-max) | {median(call['first_batch_ms']):.0f} ms "
        f"({min(call['first_batch_ms']):.0f}-{max(call['first_batch_ms']):.0f}) |",
        f"| one `fit` call: from `on_train_end` to `fit` returning (the iterator destroyed) | "
        f"{median(call['after_end_ms']):.0f} ms ({min(call['after_end_ms']):.0f}-{max(call['after_end_ms']):.0f}; "
        f"every call: {', '.join(f'{v:.0f}' for v in call['after_end_ms'])}) |",
        f"| Keras 3 `PyDataset(workers=4)`: time per epoch of 25 / 200 steps | {epoch['epoch_25_s'] * 1e3:.0f} ms / "
        f"{epoch['epoch_200_s'] * 1e3:.0f} ms |",
        f"| ... so each epoch pays, besides {epoch['step_ms']:.2f} ms per step | {epoch['per_epoch_ms']:.0f} ms |",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        replace_section("pipeline profile", report)


if __name__ == "__main__":
    main()
