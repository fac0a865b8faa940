"""Writes through every API a training script uses, before fit, while fit pulls batches (in the generator),
in Keras callbacks, and after fit; then reads it all back, so under `fitmigrate verify` the writes must land
somewhere the script still sees them. Run by tests/test_verify_isolation.py.

    python writes_everything.py HOME_DIR TMP_DIR MODE MARKER    (MODE: run, or crash half-way)
"""

import json
import os
import pathlib
import pickle
import shutil
import stat
import subprocess
import sys

import cv2
import numpy as np
import tensorflow as tf
from PIL import Image
from tensorflow import keras

try:
    import pandas
except ImportError:  # the test says it skipped pandas' to_csv
    pandas = None

HOME_DIR, TMP_DIR, MODE, MARKER = sys.argv[1:5]
BASES = (".", HOME_DIR, TMP_DIR)  # relative in the project; absolute under $HOME and /tmp
TAGS = ("before", "during", "after")

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")


def drive_callbacks(path):
    """The real Keras callbacks, driven through one epoch (verify's fit returns at once without running them)."""
    callbacks = [keras.callbacks.ModelCheckpoint(path("ckpt-{epoch}.keras")),
                 keras.callbacks.ModelCheckpoint(path("ckpt-{epoch}.weights.h5"), save_weights_only=True),
                 keras.callbacks.CSVLogger(path("log.csv")),
                 keras.callbacks.BackupAndRestore(path("backup"), delete_checkpoint=False)]
    listed = keras.callbacks.CallbackList(callbacks, model=model)
    listed.on_train_begin()
    listed.on_epoch_begin(0)
    listed.on_epoch_end(0, {"loss": 0.5})
    listed.on_train_end()
    board = keras.callbacks.TensorBoard(path("tensorboard"))  # its event file is written by TensorFlow's C++
    board.set_model(model)
    board.on_train_begin()
    board.on_train_end()


def write_everything(tag, stop_half_way=False):
    for base in BASES:
        def path(name):
            return os.path.join(base, f"{tag}-{name}")

        with open(path("overwrite.txt"), "w") as handle:
            handle.write("new")
        with open(path("append.txt"), "a") as handle:
            handle.write("+more")
        with open(path("exclusive.txt"), "x") as handle:
            handle.write("x")
        with open(path("rplus.txt"), "r+") as handle:
            handle.write("R")
        os.remove(path("remove.txt"))
        os.rename(path("rename.txt"), path("renamed.txt"))
        os.replace(path("replace-src.txt"), path("replace-dst.txt"))
        os.mkdir(path("mkdir"))
        os.makedirs(path("makedirs/a/b"))
        os.chmod(path("chmod.txt"), 0o600)
        os.symlink(os.path.abspath(path("overwrite.txt")), path("symlink"))
        shutil.rmtree(path("tree"))
        shutil.copy(path("overwrite.txt"), path("copy.txt"))
        pathlib.Path(path("pathlib.txt")).write_text("pathlib")
        pathlib.Path(path("pathlib-dir")).mkdir()
        pathlib.Path(path("unlink.txt")).unlink()
        if stop_half_way and base == BASES[-1]:
            raise RuntimeError("the script crashed half-way through its writes")
        np.save(path("array.npy"), np.arange(3))
        with open(path("data.pkl"), "wb") as handle:
            pickle.dump({"a": 1}, handle)
        with open(path("data.json"), "w") as handle:
            json.dump({"a": 1}, handle)
        model.save(path("model.keras"))
        model.save(path("model.h5"))  # over the trained model.h5 already there: written by HDF5's C library
        model.save_weights(path("model.weights.h5"))
        cv2.imwrite(path("opencv.png"), np.zeros((4, 4, 3), np.uint8))
        Image.fromarray(np.zeros((4, 4), np.uint8)).save(path("pillow.png"))
        if pandas is not None:
            pandas.DataFrame({"a": [1]}).to_csv(path("frame.csv"))
        subprocess.run(["sh", "-c", f"echo from-a-child > '{path('subprocess.txt')}'"], check=True)
        drive_callbacks(path)


def read_everything_back(tag):
    """The script sees its own writes (copy-on-write), not the files as they were."""
    for base in BASES:
        def path(name):
            return os.path.join(base, f"{tag}-{name}")

        assert open(path("overwrite.txt")).read() == "new"
        assert open(path("append.txt")).read() == "old+more"
        assert open(path("exclusive.txt")).read() == "x"
        assert open(path("rplus.txt")).read() == "Rld"
        assert not os.path.exists(path("remove.txt"))
        assert not os.path.exists(path("rename.txt")) and open(path("renamed.txt")).read() == "old"
        assert not os.path.exists(path("replace-src.txt")) and open(path("replace-dst.txt")).read() == "src"
        assert os.path.isdir(path("mkdir")) and os.path.isdir(path("makedirs/a/b"))
        assert stat.S_IMODE(os.stat(path("chmod.txt")).st_mode) == 0o600
        assert open(path("symlink")).read() == "new"
        assert not os.path.exists(path("tree"))
        assert open(path("copy.txt")).read() == "new"
        assert pathlib.Path(path("pathlib.txt")).read_text() == "pathlib" and os.path.isdir(path("pathlib-dir"))
        assert not os.path.exists(path("unlink.txt"))
        assert np.load(path("array.npy")).tolist() == [0, 1, 2]
        assert pickle.load(open(path("data.pkl"), "rb")) == {"a": 1}
        assert json.load(open(path("data.json"))) == {"a": 1}
        keras.models.load_model(path("model.keras"))
        keras.models.load_model(path("model.h5"), compile=False)
        model.load_weights(path("model.weights.h5"))
        assert cv2.imread(path("opencv.png")).shape == (4, 4, 3)
        assert Image.open(path("pillow.png")).size == (4, 4)
        assert open(path("subprocess.txt")).read() == "from-a-child\n"
        keras.models.load_model(path("ckpt-1.keras"))
        assert os.path.exists(path("ckpt-1.weights.h5")) and open(path("log.csv")).read().startswith("epoch")
        assert os.listdir(path("backup")) and os.listdir(path("tensorboard/train"))


write_everything("before")
read_everything_back("before")
with open(os.path.expanduser(f"~/{MARKER}.txt"), "w") as stray:  # straight into $HOME
    stray.write("should never exist")
os.makedirs(f"/tmp/{MARKER}-new/inside")
DURING = []


def batches():
    if not DURING:
        DURING.append(True)
        write_everything("during")
        read_everything_back("during")
    while True:
        yield np.ones((4, 2), "float32"), np.ones((4, 1), "float32")


dataset = tf.data.Dataset.from_generator(batches, output_signature=(
    tf.TensorSpec((None, 2), tf.float32), tf.TensorSpec((None, 1), tf.float32)))
model.fit(dataset, steps_per_epoch=2, epochs=2)
assert DURING, "the generator ran while fit pulled its batches"
write_everything("after", stop_half_way=MODE == "crash")
for tag in TAGS:
    read_everything_back(tag)
reloaded = keras.models.load_model("after-model.h5", compile=False)
reloaded.compile("sgd", "mse")
reloaded.evaluate(dataset, steps=2)
