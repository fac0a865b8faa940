"""fitmigrate: move legacy Keras ``fit_generator`` code to ``model.fit`` on ``tf.data``."""

__version__ = "0.1.0"
