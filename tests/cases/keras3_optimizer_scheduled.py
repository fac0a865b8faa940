"""An optimizer whose rate a callback also sets: decay= cannot become a schedule, so the call is left
whole. Renaming lr= alone would make the line run under Keras 3 with its decay ignored (a warning)."""
from keras.callbacks import LearningRateScheduler
from keras.optimizers import SGD

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9)
schedule = LearningRateScheduler(lambda epoch: 0.01 * 0.5 ** (epoch // 10))
