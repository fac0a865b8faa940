"""The Keras 3 breaks (FM401-FM418, FM206's import, FM306 on fit): each spelling rewritten exactly
(``*_fixes``), or left byte for byte with the diagnostic that says why (``*_noop``); a second run
changes nothing. The runtime side (every name a rule writes exists in Keras 3, the scripts of
``tests/keras3_scripts`` run after migration) is in ``test_keras3_runtime.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from fitmigrate.check import check_bytes
from fitmigrate.migrate import migrate_bytes


def _migrate(source: str):
    outcome = migrate_bytes(source.encode(), "example.py")
    assert outcome.error is None, outcome.error
    return outcome


@pytest.mark.parametrize("before,after", [
    pytest.param("from keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(zoom_range=0.1)\n",
                 "from tensorflow.keras.preprocessing.image import ImageDataGenerator\ng = ImageDataGenerator(zoom_range=0.1)\n",
                 id="idg from-import"),
    pytest.param("from keras.preprocessing.image import ImageDataGenerator, load_img  # images\n",
                 "from tensorflow.keras.preprocessing.image import ImageDataGenerator, load_img  # images\n",
                 id="idg with load_img: one module serves both"),
    pytest.param("import keras.preprocessing.image as kimage\ng = kimage.ImageDataGenerator()\nx = kimage.load_img('a')\n",
                 "import tensorflow.keras.preprocessing.image as kimage\ng = kimage.ImageDataGenerator()\nx = kimage.load_img('a')\n",
                 id="idg module alias"),
    pytest.param("from keras.preprocessing import image\ng = image.ImageDataGenerator(rescale=1 / 255.)\n",
                 "from tensorflow.keras.preprocessing import image\ng = image.ImageDataGenerator(rescale=1 / 255.)\n",
                 id="idg through the image module"),
    pytest.param("import keras\n\ng = keras.preprocessing.image.ImageDataGenerator()\n",
                 "import keras\nimport tensorflow as tf\n\ng = tf.keras.preprocessing.image.ImageDataGenerator()\n",
                 id="idg spelled in full"),
    pytest.param("import keras\nimport tensorflow as T\ng = keras.preprocessing.image.ImageDataGenerator()\n",
                 "import keras\nimport tensorflow as T\ng = T.keras.preprocessing.image.ImageDataGenerator()\n",
                 id="idg spelled in full, tensorflow alias reused"),
    pytest.param("from keras.preprocessing.text import Tokenizer\n",
                 "from tensorflow.keras.preprocessing.text import Tokenizer\n", id="text Tokenizer"),
    pytest.param("from keras.preprocessing.sequence import pad_sequences, TimeseriesGenerator\n",
                 "from tensorflow.keras.preprocessing.sequence import pad_sequences, TimeseriesGenerator\n",
                 id="TimeseriesGenerator"),
    pytest.param("from keras.utils import np_utils\ny = np_utils.to_categorical(labels, 10)\n",
                 "from keras import utils as np_utils\ny = np_utils.to_categorical(labels, 10)\n", id="np_utils"),
    pytest.param("from keras.utils.np_utils import to_categorical\n",
                 "from keras.utils import to_categorical\n", id="np_utils name"),
    pytest.param("import keras.utils.np_utils as npu\ny = npu.to_categorical(labels)\n",
                 "import keras.utils as npu\ny = npu.to_categorical(labels)\n", id="np_utils module alias"),
    pytest.param("from keras.utils.generic_utils import get_custom_objects, Progbar\n",
                 "from keras.utils import get_custom_objects, Progbar\n", id="generic_utils"),
    pytest.param("from keras.utils import np_utils, plot_model\ny = np_utils.to_categorical(labels)\n",
                 "from keras import utils as np_utils\nfrom keras.utils import plot_model\ny = np_utils.to_categorical(labels)\n",
                 id="a module and a name: split"),
    pytest.param("from keras.utils import to_categorical\ny = to_categorical(labels, nb_classes=3, dtype='int32')\n",
                 "from keras.utils import to_categorical\ny = to_categorical(labels, num_classes=3).astype('int32')\n",
                 id="to_categorical Keras 1 and 2 arguments"),
    pytest.param("from keras.layers.core import Dense, Dropout  # layers\n",
                 "from keras.layers import Dense, Dropout  # layers\n", id="layers.core"),
    pytest.param("from keras.layers.convolutional import (Conv2D,  # conv\n    MaxPooling2D)\n",
                 "from keras.layers import (Conv2D,  # conv\n    MaxPooling2D)\n", id="parenthesized with a comment"),
    pytest.param("import keras.layers.core\nd = keras.layers.core.Dense(3)\n",
                 "import keras.layers\nd = keras.layers.Dense(3)\n", id="layers.core in full"),
    pytest.param("import tensorflow as tf\nd = tf.keras.layers.normalization.BatchNormalization()\n",
                 "import tensorflow as tf\nd = tf.keras.layers.BatchNormalization()\n", id="through tf.keras"),
    pytest.param("from keras.engine.topology import Layer, InputSpec\n",
                 "from keras.layers import Layer, InputSpec\n", id="engine.topology"),
    pytest.param("from keras.engine import Layer, Model\n",
                 "from keras.layers import Layer\nfrom keras.models import Model\n", id="engine: two homes, split"),
    pytest.param("from keras.layers import merge\nx = merge.concatenate([a, b])\n",
                 "from keras import layers as merge\nx = merge.concatenate([a, b])\n",
                 id="Keras 2's merge module, read for its functions only"),
    pytest.param("from keras.layers import Deconvolution2D\n",
                 "from keras.layers import Conv2DTranspose as Deconvolution2D\n", id="exact alias renamed"),
    pytest.param("from keras import losses\nf = losses.mse\n", "from keras import losses\nf = losses.mean_squared_error\n",
                 id="losses.mse"),
    pytest.param("from keras.optimizers import SGD\nopt = SGD(lr=0.01, momentum=0.9)\n",
                 "from keras.optimizers import SGD\nopt = SGD(learning_rate=0.01, momentum=0.9)\n", id="lr"),
    pytest.param("import tensorflow as tf\nopt = tf.keras.optimizers.Adam(lr=1e-3)\n",
                 "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=1e-3)\n", id="lr through tf.keras"),
    pytest.param("from keras.optimizers import adam\nopt = adam(lr=1e-3)\n",
                 "from keras.optimizers import Adam as adam\nopt = adam(learning_rate=1e-3)\n", id="lowercase imported"),
    pytest.param("import keras\nopt = keras.optimizers.sgd()\n", "import keras\nopt = keras.optimizers.SGD()\n",
                 id="lowercase in full"),
    pytest.param("from keras.optimizers import SGD\nopt = SGD(lr=0.01, decay=1e-6)\n",
                 "from keras.optimizers import SGD\nimport keras\n"
                 "opt = SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6))\n",
                 id="decay becomes the same schedule"),
    pytest.param("from keras import optimizers\nopt = optimizers.Adam(decay=1e-4)\n",
                 "from keras import optimizers\n"
                 "opt = optimizers.Adam(learning_rate=optimizers.schedules.InverseTimeDecay(0.001, decay_steps=1, decay_rate=1e-4))\n",
                 id="decay of the default learning rate"),
    pytest.param("from keras.optimizers import Adam\nopt = Adam(lr=1e-3, decay=0.0)\n",
                 "from keras.optimizers import Adam\nopt = Adam(learning_rate=1e-3)\n", id="decay=0 removed"),
    pytest.param("from keras.optimizers import SGD\nopt = SGD(0.01, 0.9, 0.0, True)\n",
                 "from keras.optimizers import SGD\nopt = SGD(0.01, 0.9, nesterov=True)\n",
                 id="positional decay and nesterov"),
    pytest.param("from keras.optimizers import Adam\nopt = Adam(epsilon=None, lr=0.001)\n",
                 "from keras.optimizers import Adam\nopt = Adam(epsilon=1e-07, learning_rate=0.001)\n", id="epsilon=None"),
    pytest.param("from keras.layers import Input, Dense\nfrom keras.models import Model\nx = Input((3,))\n"
                 "m = Model(input=x, output=Dense(2)(x))\n",
                 "from keras.layers import Input, Dense\nfrom keras.models import Model\nx = Input((3,))\n"
                 "m = Model(inputs=x, outputs=Dense(2)(x))\n", id="Model input/output"),
    pytest.param("from keras.models import Sequential\nfrom keras.layers import Dense, Activation\nmodel = Sequential()\n"
                 "model.add(Dense(10, input_dim=4))\nmodel.add(Activation('softmax'))\nc = model.predict_classes(x)\n",
                 "from keras.models import Sequential\nfrom keras.layers import Dense, Activation\nmodel = Sequential()\n"
                 "model.add(Dense(10, input_dim=4))\nmodel.add(Activation('softmax'))\nc = model.predict(x).argmax(axis=-1)\n",
                 id="predict_classes of 10 units"),
    pytest.param("from keras.models import Sequential\nfrom keras.layers import Dense\n"
                 "model = Sequential([Dense(1, activation='sigmoid', input_dim=4)])\nc = model.predict_classes(x, batch_size=8)\n"
                 "p = model.predict_proba(x)\n",
                 "from keras.models import Sequential\nfrom keras.layers import Dense\n"
                 "model = Sequential([Dense(1, activation='sigmoid', input_dim=4)])\n"
                 "c = (model.predict(x, batch_size=8) > 0.5).astype(\"int32\")\np = model.predict(x)\n",
                 id="predict_classes of one unit, predict_proba"),
    pytest.param("from keras import backend as K\nK.set_image_dim_ordering('th')\nok = K.image_dim_ordering() != \"tf\"\n",
                 "from keras import backend as K\nK.set_image_data_format('channels_first')\n"
                 "ok = K.image_data_format() != \"channels_last\"\n", id="dim ordering"),
    pytest.param("import keras\nmodel = keras.models.Sequential()\nmodel.fit(x, y, nb_epoch=3)\n",
                 "import keras\nmodel = keras.models.Sequential()\nmodel.fit(x, y, epochs=3)\n", id="fit nb_epoch"),
    pytest.param("from keras.callbacks import ReduceLROnPlateau\nr = ReduceLROnPlateau('val_loss', 0.5, epsilon=1e-3)\n",
                 "from keras.callbacks import ReduceLROnPlateau\nr = ReduceLROnPlateau('val_loss', 0.5, min_delta=1e-3)\n",
                 id="ReduceLROnPlateau epsilon (Keras 3 ignores it silently)"),
    pytest.param("from keras.layers import Convolution2D\nc = Convolution2D(32, 3, 3, border_mode='same', subsample=(2, 2))\n",
                 "from keras.layers import Convolution2D\nc = Convolution2D(32, (3, 3), padding='same', strides=(2, 2))\n",
                 id="Convolution2D(nb_filter, nb_row, nb_col)"),
    pytest.param("from keras.layers import Convolution2D\nc = Convolution2D(nb_filter=8, nb_row=5, nb_col=5,\n"
                 "                  init='he_normal',  # init\n                  dim_ordering='tf')\n",
                 "from keras.layers import Convolution2D\nc = Convolution2D(filters=8, kernel_size=(5, 5),\n"
                 "                  kernel_initializer='he_normal',  # init\n                  data_format='channels_last')\n",
                 id="nb_row/nb_col keywords, comment kept"),
    pytest.param("from keras.layers import Dense, Dropout, BatchNormalization\nd = Dense(output_dim=3, init='uniform', "
                 "W_regularizer=r, bias=False)\np = Dropout(p=0.5)\nb = BatchNormalization(mode=0, axis=1)\n",
                 "from keras.layers import Dense, Dropout, BatchNormalization\nd = Dense(units=3, kernel_initializer='uniform', "
                 "kernel_regularizer=r, use_bias=False)\np = Dropout(rate=0.5)\nb = BatchNormalization(axis=1)\n",
                 id="Dense, Dropout, BatchNormalization"),
    pytest.param("from keras.layers import LSTM, MaxPooling1D\nl = LSTM(32, input_dim=10, input_length=5, consume_less='gpu', "
                 "forget_bias_init='one', inner_activation='sigmoid')\nm = MaxPooling1D(pool_length=2, stride=2)\n",
                 "from keras.layers import LSTM, MaxPooling1D\nl = LSTM(32, input_shape=(5, 10), implementation=2, "
                 "unit_forget_bias=True, recurrent_activation='sigmoid')\nm = MaxPooling1D(pool_size=2, strides=2)\n",
                 id="recurrent (its recurrent activation given: not Keras 2's hard_sigmoid) and pooling"),
    pytest.param("from keras.layers import GRU\ng = GRU(output_dim=16, inner_activation='sigmoid',\n        return_sequences=True,)\n",
                 "from keras.layers import GRU\ng = GRU(units=16, recurrent_activation='sigmoid',\n        return_sequences=True, "
                 "reset_after=False,)\n",
                 id="Keras 1 GRU: reset_after=False written (Keras 1-2.3's GRU; Keras 3's default is True)"),
    pytest.param("from keras.optimizers import sgd\nopt = sgd(lr=0.1, clipnorm=1.0)\n",
                 "from keras.optimizers import SGD as sgd\nopt = sgd(learning_rate=0.1, global_clipnorm=1.0)\n",
                 id="clipnorm of standalone Keras (a lower-case name) is global_clipnorm"),
    pytest.param("from keras.layers import Convolution2D\nfrom keras.optimizers import SGD\n"
                 "a = Convolution2D(32, 3, 3, border_mode='same')\nb = Convolution2D(32, 3, 3)\n"
                 "opt = SGD(lr=0.1, clipnorm=1.0)\n",
                 "from keras.layers import Convolution2D\nfrom keras.optimizers import SGD\n"
                 "a = Convolution2D(32, (3, 3), padding='same')\nb = Convolution2D(32, (3, 3))\n"
                 "opt = SGD(learning_rate=0.1, global_clipnorm=1.0)\n",
                 id="a module that shows Keras 1 (border_mode=) ran on standalone Keras: Convolution2D(f, k, k), clipnorm"),
    pytest.param("import tensorflow as tf\nopt = tf.keras.optimizers.SGD(lr=0.1, clipnorm=1.0)\n"
                 "r = tf.keras.optimizers.RMSprop(lr=0.001, momentum=0.9)\n",
                 "import tensorflow as tf\nopt = tf.keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0)\n"
                 "r = tf.keras.optimizers.RMSprop(learning_rate=0.001, momentum=0.9)\n",
                 id="tf.keras: clipnorm per variable as Keras 3's, RMSprop with momentum as Keras 3's"),
])
def test_keras3_fixes(before, after):
    outcome = _migrate(before)
    assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
    assert outcome.new.decode() == after
    assert not _migrate(after).changed, "a second run changed the file"


@pytest.mark.parametrize("before,after", [
    pytest.param("from keras import backend as K\n\ndef loss(y_true, y_pred):\n"
                 "    age = K.sum(y_true * K.arange(0, 101, dtype='float32'), axis=-1)\n"
                 "    return K.mean(K.abs(age - K.sum(y_pred * 2.0, axis=-1) / 2))\n",
                 "from keras import backend as K\nimport keras\n\ndef loss(y_true, y_pred):\n"
                 "    age = keras.ops.sum(y_true * keras.ops.arange(0, 101, dtype='float32'), axis=-1)\n"
                 "    return keras.ops.mean(keras.ops.abs(age - keras.ops.sum(y_pred * 2.0, axis=-1) / 2))\n",
                 id="K.sum / K.mean of values proven float (a float arange, a float operand, a true division)"),
    pytest.param("import keras\nfrom keras import backend as K\nx = K.concatenate([a, b])\ny = K.expand_dims(x, dim=1)\n"
                 "z = K.reshape(x, shape=(-1, 3))\nw = K.permute_dimensions(z, (1, 0))\nr = K.arange(5)\n",
                 "import keras\nfrom keras import backend as K\nx = keras.ops.concatenate([a, b], axis=-1)\n"
                 "y = keras.ops.expand_dims(x, axis=1)\nz = keras.ops.reshape(x, newshape=(-1, 3))\n"
                 "w = keras.ops.transpose(z, (1, 0))\nr = keras.ops.arange(5, dtype='int32')\n",
                 id="K.concatenate's axis=-1, Keras 1's dim=, renamed parameters, arange's int32"),
    pytest.param("from keras import backend as K\nfrom keras.models import Sequential\n\ndef rmse(y_true, y_pred):\n"
                 "    return K.mean(K.square(y_pred - y_true), axis=-1)\n\nm = Sequential()\nm.compile('sgd', loss=rmse)\n",
                 "from keras import backend as K\nfrom keras.models import Sequential\nimport keras\n\ndef rmse(y_true, y_pred):\n"
                 "    return keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)\n\nm = Sequential()\n"
                 "m.compile('sgd', loss=rmse)\n",
                 id="K.mean in a loss given to compile: Keras 2 fed it float tensors"),
    pytest.param("from keras import backend as K\nshape = K.int_shape(x)\nc = K.int_shape(a + b)[-1]\n",
                 "from keras import backend as K\nshape = tuple(x.shape)\nc = tuple((a + b).shape)[-1]\n",
                 id="K.int_shape"),
    pytest.param("import keras\nfrom keras import backend as K\n\nclass Halve(keras.callbacks.Callback):\n"
                 "    def on_epoch_end(self, epoch, logs=None):\n        old = K.get_value(self.model.optimizer.lr)\n"
                 "        K.set_value(self.model.optimizer.lr, old * 0.5)\n        print(self.model.optimizer.lr)\n",
                 "import keras\nfrom keras import backend as K\n\nclass Halve(keras.callbacks.Callback):\n"
                 "    def on_epoch_end(self, epoch, logs=None):\n        old = self.model.optimizer.learning_rate.numpy()\n"
                 "        self.model.optimizer.learning_rate.assign(old * 0.5)\n"
                 "        print(self.model.optimizer.learning_rate)\n",
                 id="the optimizer's rate: get_value, set_value, lr"),
    pytest.param("from keras.models import *\nfrom keras.layers import *\nx = Input(shape=(32, 32, 3))\n"
                 "y = Convolution2D(32, 3, 3, border_mode='same')(x)\nm = Model(input=x, output=Dense(output_dim=10)(y))\n",
                 "from keras.models import *\nfrom keras.layers import *\nx = Input(shape=(32, 32, 3))\n"
                 "y = Convolution2D(32, (3, 3), padding='same')(x)\nm = Model(inputs=x, outputs=Dense(units=10)(y))\n",
                 id="names bound by star imports of Keras modules"),
    pytest.param("from keras.models import *\nfrom keras.layers.core import Dense\nx = Input(shape=(3,))\n",
                 "from keras.models import *\nfrom keras.layers import Dense\nfrom keras.layers import Input\n"
                 "x = Input(shape=(3,))\n", id="Input of `from keras.models import *` (Keras 2 exported it)"),
    pytest.param("from keras.layers import *\nd = Deconvolution2D(8, (3, 3))\n",
                 "from keras.layers import *\nd = Conv2DTranspose(8, (3, 3))\n", id="a star-bound alias renamed"),
    pytest.param("from tensorflow.python.keras.utils.generic_utils import CustomObjectScope\n"
                 "from tensorflow.python.keras import backend as K\nimport tensorflow.python.keras.layers as L\n",
                 "from tensorflow.keras.utils import CustomObjectScope\nfrom tensorflow.keras import backend as K\n"
                 "import tensorflow.keras.layers as L\n", id="private tensorflow.python.keras paths"),
    pytest.param("from tensorflow.contrib import keras\nm = keras.models.Sequential()\n",
                 "from tensorflow import keras\nm = keras.models.Sequential()\n",
                 id="TensorFlow 1's tf.contrib.keras, its alias of tf.keras"),
    pytest.param("import tensorflow as tf\nfrom keras.backend.tensorflow_backend import set_session\n"
                 "config = tf.ConfigProto()\nconfig.gpu_options.allow_growth = True  # grow\n"
                 "sess = tf.Session(config=config)\n# hand it to Keras\nset_session(sess)\nmodel = build()\n",
                 "import tensorflow as tf\n# hand it to Keras\nfor gpu in tf.config.list_physical_devices(\"GPU\"):\n"
                 "    tf.config.experimental.set_memory_growth(gpu, True)\nmodel = build()\n",
                 id="the allow-growth idiom"),
    pytest.param("import tensorflow as tf\nfrom keras import backend as K\n\ndef main():\n    tf.reset_default_graph()\n"
                 "    K.set_session(tf.Session())\n    return build()\n",
                 "import tensorflow as tf\nfrom keras import backend as K\n\ndef main():\n"
                 "    tf.compat.v1.reset_default_graph()\n    return build()\n",
                 id="reset_default_graph, a default session"),
    pytest.param("from keras.models import Sequential\nfrom keras.callbacks import ModelCheckpoint, EarlyStopping\n"
                 "model = Sequential()\nmodel.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])\n"
                 "cp = ModelCheckpoint('w-{val_acc:.2f}.h5', monitor='val_acc', save_best_only=True)\n"
                 "history = model.fit(x, y, callbacks=[cp, EarlyStopping('val_acc')])\nprint(history.history['acc'])\n",
                 "from keras.models import Sequential\nfrom keras.callbacks import ModelCheckpoint, EarlyStopping\n"
                 "model = Sequential()\nmodel.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])\n"
                 "cp = ModelCheckpoint('w-{val_accuracy:.2f}.h5', monitor='val_accuracy', save_best_only=True)\n"
                 "history = model.fit(x, y, callbacks=[cp, EarlyStopping('val_accuracy')])\n"
                 "print(history.history['accuracy'])\n", id="accuracy's name in the logs"),
])
def test_keras3_fixes_of_issue_22(before, after):
    outcome = _migrate(before)
    assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
    assert outcome.new.decode() == after
    assert not _migrate(after).changed, "a second run changed the file"


@pytest.mark.parametrize("source,code", [
    pytest.param("from keras.models import load_model\nmodel = load_model('m.keras')\nmodel.save_weights('w.h5')\n",
                 "FM412", id="save_weights name (renaming it would break its readers)"),
    pytest.param("from keras.models import Sequential\nmodel = Sequential()\nmodel.save('saved_model')\n", "FM412",
                 id="save without a suffix"),
    pytest.param("from keras.callbacks import ModelCheckpoint\nc = ModelCheckpoint('w.{epoch:02d}.hdf5', period=2)\n",
                 "FM412", id="checkpoint suffix and period"),
    pytest.param("from keras.callbacks import ModelCheckpoint\nc = ModelCheckpoint('best.keras', period=2)\n", "FM419",
                 id="checkpoint period"),
    pytest.param("from keras.callbacks import ModelCheckpoint\nc = ModelCheckpoint('b.keras', 'val_loss', 0, True, False, "
                 "'auto', 5)\n", "FM419", id="checkpoint period by position (Keras 3's save_freq, in batches)"),
    pytest.param("from keras.callbacks import TensorBoard\nb = TensorBoard('logs', write_grads=True, batch_size=32)\n",
                 "FM419", id="TensorBoard arguments"),
    pytest.param("from keras.models import Sequential\nmodel = Sequential()\n"
                 "model.compile(loss='mse', optimizer='sgd', sample_weight_mode='temporal')\n", "FM419",
                 id="compile sample_weight_mode"),
    pytest.param("from keras.utils import multi_gpu_model\nparallel = multi_gpu_model(model, gpus=2)\n", "FM414",
                 id="multi_gpu_model"),
    pytest.param("from keras.layers import Merge\nmodel.add(Merge([a, b], mode='concat'))\n", "FM416", id="Merge"),
    pytest.param("from keras.layers import merge\nx = merge([a, b], mode='concat')\n", "FM416",
                 id="merge function: not `from keras import layers as merge`"),
    pytest.param("from keras.layers import merge\n", "FM416",
                 id="merge imported, unused here (a star import elsewhere may call it)"),
    pytest.param("from keras.layers import *\nx = merge([a, b], mode='sum')\n", "FM416", id="merge through a star import"),
    pytest.param("import keras\nx = keras.layers.merge([a, b], mode='concat')\n", "FM416", id="merge spelled in full"),
    pytest.param("from keras.wrappers.scikit_learn import KerasClassifier\n", "FM407", id="scikit_learn wrappers"),
    pytest.param("from keras import backend as K\n\ndef loss(t, p):\n    return K.mean(K.dot(p, t))\n", "FM417",
                 id="backend math: K.dot is not keras.ops.dot, K.mean of a value not proven float"),
    pytest.param("from keras import backend as K\n\ndef loss(t, p):\n    return K.sqrt(p)\n", "FM417",
                 id="K.sqrt clipped negatives to 0"),
    pytest.param("from keras import backend as K\nr = K.arange(0.5, 3)\n", "FM417",
                 id="K.arange of a float bound (Keras 2 cast its range to int32)"),
    pytest.param("from keras import backend as K\n\ndef loss(t, p):\n    return K.ones_like(p, name='o')\n", "FM417",
                 id="K.ones_like(name=): keras.ops has no name"),
    pytest.param("from keras.models import Sequential\nmodel = Sequential()\nmodel.optimizer.lr = 0.1\n", "FM426",
                 id="optimizer.lr assigned (Keras 2 replaced the variable)"),
    pytest.param("import keras\nfrom keras import backend as K\nv = K.set_value(model.optimizer.lr, 0.1)\n", "FM426",
                 id="K.set_value's result used"),
    pytest.param("import tensorflow as tf\nimport keras\nconfig = tf.ConfigProto()\n"
                 "config.gpu_options.per_process_gpu_memory_fraction = 0.5\nkeras.backend.set_session(tf.Session(config=config))\n",
                 "FM422", id="a memory fraction: no exact TF2 form"),
    pytest.param("import tensorflow as tf\nfrom keras import backend as K\nsess = tf.Session()\nK.set_session(sess)\n"
                 "sess.run(init)\n", "FM422", id="the session is used"),
    pytest.param("import tensorflow as tf\nimport keras\ntf.set_random_seed(1)\n", "FM422",
                 id="set_random_seed: keras.utils.set_random_seed seeds Keras 3"),
    pytest.param("from keras.callbacks import EarlyStopping\nes = EarlyStopping(monitor='val_acc')\n", "FM424",
                 id="val_acc with no compile in the file"),
    pytest.param("import keras\nimport tensorflow.contrib.slim as slim\n", "FM422", id="tf.contrib"),
    pytest.param("import tensorflow.python.keras\n", "FM421",
                 id="a private path imported without a name of its own"),
    pytest.param("from keras.layers import Conv2D\nc = Conv2D(32, 3, 3)\n", "FM415",
                 id="Conv2D(32, 3, 3): kernel in Keras 2.0-2.3, strides in tf.keras"),
    pytest.param("from keras.layers import Convolution2D\nc = Convolution2D(32, 3, 3, border_mode='full')\n", "FM415",
                 id="border_mode full"),
    pytest.param("from keras.optimizers import SGD\nfrom keras.callbacks import ReduceLROnPlateau\n"
                 "opt = SGD(learning_rate=0.1, decay=1e-4)\n", "FM402", id="decay next to a learning-rate callback"),
    pytest.param("from keras.optimizers import Adadelta\nopt = Adadelta(decay=1e-4)\n", "FM402",
                 id="decay of a default that changed"),
    pytest.param("from keras.optimizers import Nadam\nopt = Nadam(learning_rate=0.002, schedule_decay=0.004)\n", "FM402",
                 id="Nadam schedule_decay"),
    pytest.param("from keras.optimizers import Nadam\nopt = Nadam(lr=0.002)\n", "FM402",
                 id="Nadam: Keras 3's momentum schedule is not Keras 2's, lr= is not renamed alone"),
    pytest.param("from keras.optimizers import Adam\nopt = Adam(0.001, 0.9, 0.999, None)\n", "FM404",
                 id="ambiguous fourth position"),
    pytest.param("from keras.optimizers import Adagrad\nopt = Adagrad(0.01, 1e-08)\n", "FM404",
                 id="Adagrad's second position: epsilon in Keras 1-2.2, initial_accumulator_value in tf.keras and 3"),
    pytest.param("from keras.optimizers import SGD\nopt = SGD(0.01, 0.9, True)\n", "FM404",
                 id="SGD's third position: decay in Keras 1-2.2, nesterov in Keras 2.3+"),
    pytest.param("from keras.models import Sequential\nmodel = build()\nc = model.predict_classes(x)\n", "FM411",
                 id="predict_classes of an unproven model"),
    pytest.param("import keras\nmodel = keras.models.Sequential()\nfor layer in layers:\n    model.add(layer)\n"
                 "c = model.predict_classes(x)\n", "FM411", id="layers added in a loop"),
    pytest.param("from keras.layers import LocallyConnected2D\n", "FM408", id="a removed layer"),
    pytest.param("from keras.preprocessing.image import ImageDataGenerator, list_pictures\n", "FM409",
                 id="a name no module serves keeps the whole import"),
    pytest.param("from keras.layers.core import *\n", "FM407", id="star import"),
    pytest.param("from keras import backend as K\nordering = K.image_dim_ordering()\n", "FM413",
                 id="image_dim_ordering used as a value"),
    pytest.param("from keras.utils import np_utils\nf = np_utils\n", "FM406", id="module used as a value"),
    pytest.param("from keras.optimizers import Adagrad\nopt = Adagrad()\n", "FM418", id="default learning rate changed"),
    pytest.param("import keras\nopt = keras.optimizers.rmsprop(lr=0.0001, decay=1e-6)\n", "FM403",
                 id="a lower-case name stays with a call left whole (RMSprop trains otherwise: FM427)"),
    pytest.param("from keras.models import Sequential\nmodel = Sequential()\nmodel.compile(optimizer='adadelta', loss='mse')\n",
                 "FM418", id="optimizer string"),
])
def test_keras3_noop(source, code):
    outcome = _migrate(source)
    assert outcome.new is None, outcome.new.decode()
    assert code in {d.code for d in outcome.diagnostics}
    findings = {f.diagnostic.code: f.fixable for f in check_bytes(source.encode(), "example.py").findings}
    assert findings.get(code) is False


@pytest.mark.parametrize("source", [
    pytest.param("from tensorflow.keras.preprocessing.image import ImageDataGenerator\n", id="tensorflow.keras path"),
    pytest.param("from keras.preprocessing.image import load_img, img_to_array\n", id="names Keras 3 still serves"),
    pytest.param("from keras.preprocessing import image\nx = image.load_img('a.png')\n", id="image module, served names"),
    pytest.param("from tensorflow.keras.layers import Conv2D\nc = Conv2D(32, 3, 2)\n", id="tf.keras strides"),
    pytest.param("import torch\nopt = torch.optim.SGD(params, lr=0.1)\n", id="not Keras"),
    pytest.param("from keras import wrappers\nclf = wrappers.SKLearnClassifier(model=build)\n",
                 id="keras.wrappers exists in Keras 3.15"),
    pytest.param("from sklearn.linear_model import LogisticRegression\nkeras_like = 1\n"
                 "p = LogisticRegression().fit(x, y).predict_proba(x)\n", id="scikit-learn predict_proba"),
    pytest.param("import keras\nfrom PIL import Image\nimg = Image.open('a.png')\nimg.save('b')\n", id="not a Keras save"),
    pytest.param("from keras.optimizers import SGD\nlr = 0.1\nSGD = make_optimizer\nopt = SGD(lr=lr)\n",
                 id="name rebound: not resolved"),
    pytest.param("from tensorflow.keras import backend as K\nx = K.sum(K.int_shape(a))\n",
                 id="tensorflow.keras.backend serves the legacy functions under Keras 3"),
    pytest.param("from keras.models import Sequential\nfrom keras.callbacks import EarlyStopping\nm = Sequential()\n"
                 "m.compile('sgd', 'mse', metrics=['acc'])\nes = EarlyStopping(monitor='val_acc')\n",
                 id="metrics=['acc'] is logged 'acc' by Keras 3 too"),
    pytest.param("from numpy import *\nfrom keras.layers import *\nfrom mymodule import *\nc = Convolution2D(32, 3, 3)\n",
                 id="a star import after Keras' may bind the name"),
])
def test_keras3_untouched_and_unreported(source):
    outcome = _migrate(source)
    assert outcome.new is None
    assert not [d for d in outcome.diagnostics if d.code.startswith("FM4")]
    assert not [f for f in check_bytes(source.encode(), "example.py").findings if f.diagnostic.code.startswith("FM4")]


def test_check_marks_fixable_breaks():
    source = b"from keras.optimizers import SGD\nopt = SGD(lr=0.1)\nmodel.save_weights('w.h5')\n"
    findings = {f.diagnostic.code: f.fixable for f in check_bytes(b"import keras\n" + source, "example.py").findings}
    assert findings == {"FM401": True, "FM412": False}


def test_suppressed_break_is_left_alone():
    source = b"from keras.optimizers import SGD\nopt = SGD(lr=0.1)  # fitmigrate: ignore[FM401]\n"
    assert migrate_bytes(source, "example.py").new is None


def test_a_file_with_only_keras3_breaks_is_processed_and_keeps_its_bytes():
    source = ("# -*- coding: utf-8 -*-\r\n\"\"\"Trains.\"\"\"\r\nfrom keras.optimizers import SGD\r\n\r\n"
              "opt = SGD(lr=0.1)\t# tab before the comment\r\n").encode()
    new = migrate_bytes(source, "example.py").new
    assert new == source.replace(b"lr=", b"learning_rate=")


@pytest.mark.parametrize("path", sorted((Path(__file__).parent / "cases").glob("keras3_*.py")), ids=lambda p: p.stem)
def test_a_whole_case_file_is_done_in_one_run(path):
    """The case file as it is, source and expected output together: a name imported twice, once by its
    Keras 1/2 spelling and once by its Keras 3 one (``to_categorical`` from ``np_utils`` and from
    ``keras.utils``, ``adam`` and ``Adam as adam``), is resolved, so one run completes the plan."""
    first = migrate_bytes(path.read_bytes(), path.name)
    assert first.error is None
    again = migrate_bytes(first.new if first.new is not None else path.read_bytes(), path.name)
    assert not again.changed, (again.new or b"").decode()


@pytest.mark.parametrize("source,code,names", [
    pytest.param("from keras.layers import Convolution2D\n\ndef block(x, nb_filter, kernel_size):\n"
                 "    return Convolution2D(nb_filter, kernel_size, kernel_size, padding='same')(x)\n",
                 "FM415", ["`kernel_size` is not provably an int", "strides"], id="Conv2D rows and columns, padding="),
    pytest.param("from keras.layers import Convolution2D\n\ndef block(x, nb_filter, kernel_size):\n"
                 "    return Convolution2D(nb_filter, kernel_size, kernel_size, border_mode='same')(x)\n",
                 "FM415", ["`kernel_size` is not provably an int"], id="Conv2D rows and columns, border_mode="),
    pytest.param("from keras.layers import Convolution2D\nc = Convolution2D(64, 3, 3, padding='same')\n", "FM415",
                 ["in Keras 1, Convolution2D had no padding=", "integer kernel dimensions next to padding= were refused"],
                 id="Conv2D integer rows and columns next to padding="),
    pytest.param("from keras.optimizers import SGD\nfrom keras.callbacks import LearningRateScheduler\n"
                 "sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9)\n", "FM401",
                 ["left as it is, with the whole call", "`decay=1e-6` does not: FM402"],
                 id="half-fixed optimizer: lr= is not renamed alone"),
    pytest.param("from keras.layers import Embedding\ne = Embedding(1000, 64, dropout=0.2, init='uniform')\n", "FM415",
                 ["Keras 2 ignored it"], id="Embedding(dropout=): the whole call is left"),
    pytest.param("from keras.layers import Dense\nd = Dense(output_dim=10, weights=[w, b])\n", "FM415",
                 ["Keras 3's Dense() has no weights=", "set_weights"], id="an argument Keras 3 lacks: the whole call"),
])
def test_a_call_is_rewritten_whole_or_not_at_all(source, code, names):
    """The diagnostic of a call left as it is names the argument that stopped it."""
    outcome = _migrate(source)
    assert outcome.new is None, outcome.new.decode()
    messages = [d.message for d in outcome.diagnostics if d.code == code]
    assert messages and all(any(name in m for m in messages) for name in names), messages


def test_lowercase_optimizer_without_a_learning_rate_is_warned_about():
    """``adagrad()`` is Keras 1-2.3 code (no tf.keras had the lower-case names): its default rate was 0.01,
    its accumulators started at 0 (FM427)."""
    findings = check_bytes(b"from keras.optimizers import adagrad\nopt = adagrad()\n", "example.py").findings
    assert {f.diagnostic.code for f in findings} == {"FM403", "FM418", "FM427"}


def test_a_weights_file_is_renamed_with_every_load_of_it(tmp_path):
    """FM423: the name is renamed where every reader is in the same file and the project holds it nowhere else."""
    (tmp_path / "setup.py").write_text("")
    train = tmp_path / "train.py"
    train.write_text("import os\nfrom keras.models import Sequential\nfrom keras.callbacks import ModelCheckpoint\n"
                     "model = Sequential()\nbest = 'best.h5'\n"
                     "cp = ModelCheckpoint(best, save_best_only=True, save_weights_only=True)\n"
                     "if os.path.exists(best):\n    model.load_weights(best)\nmodel.save_weights(\"final.hdf5\")\n"
                     "model.load_weights('final.hdf5')\nmodel.save_weights('shared.h5')\n")
    (tmp_path / "predict.py").write_text("model.load_weights('shared.h5')\n")
    outcome = migrate_bytes(train.read_bytes(), train)
    new = outcome.new.decode()
    assert "best = 'best.weights.h5'" in new and 'save_weights("final.weights.h5")' in new
    assert "load_weights('final.weights.h5')" in new and "save_weights('shared.h5')" in new
    messages = [d.message for d in outcome.diagnostics if d.code == "FM412"]
    assert len(messages) == 1 and "predict.py holds or is named 'shared.h5'" in messages[0]
    assert not migrate_bytes(outcome.new, train).changed
    # without a project marker the project cannot be seen whole: reported, not renamed
    (tmp_path / "setup.py").unlink()
    outcome = migrate_bytes(train.read_bytes(), train)
    assert outcome.new is None and all("can see whole" in d.message for d in outcome.diagnostics if d.code == "FM412")


def test_a_weights_file_shipped_with_the_project_is_not_renamed(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "weights").mkdir()
    (tmp_path / "weights" / "pretrained.h5").write_bytes(b"")
    train = tmp_path / "train.py"
    train.write_text("from keras.models import Sequential\nmodel = Sequential()\nmodel.load_weights('pretrained.h5')\n"
                     "model.save_weights('pretrained.h5')\n")
    outcome = migrate_bytes(train.read_bytes(), train)
    assert outcome.new is None
    assert any("pretrained.h5" in d.message and "named" in d.message for d in outcome.diagnostics if d.code == "FM412")


def test_a_backend_call_on_a_functional_tensor_is_left_with_a_report():
    """Found by reading dblN's diff: Keras 2's ``K.ones_like(conv)`` of a layer's output gave a TensorFlow tensor a
    Lambda's function could close over; Keras 3's ``keras.ops.ones_like(conv)`` gives a KerasTensor, which fails
    when the model runs. Reported (FM417), not rewritten; the same function of a tensor that is not a layer's
    output is still rewritten."""
    source = (b"from keras import backend as K\nfrom keras.layers import Input, Conv2D, Lambda\nx = Input((8, 8, 3))\n"
              b"conv = Conv2D(4, 3)(x)\nones = K.ones_like(conv)\ny = Lambda(lambda t: t * ones)(conv)\n")
    outcome = migrate_bytes(source, "a.py")
    assert outcome.new is None
    reports = [d.message for d in outcome.diagnostics if d.code == "FM417"]
    assert len(reports) == 1 and "`conv` is a tensor of the functional model being built (`conv = Conv2D(4, 3)(x)`)" \
        in reports[0]
    also_input = migrate_bytes(b"from keras import backend as K\nfrom keras.layers import Input\nx = Input((8, 3))\n"
                               b"ones = K.ones_like(x)\n", "a.py")
    assert also_input.new is None and any(d.code == "FM417" for d in also_input.diagnostics)
    eager = migrate_bytes(b"import tensorflow as tf\nfrom keras import backend as K\nconv = tf.zeros((2, 3))\n"
                          b"ones = K.ones_like(conv)\n", "a.py")
    assert eager.new is not None and b"ones = keras.ops.ones_like(conv)" in eager.new
