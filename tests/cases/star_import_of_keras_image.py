"""Names bound by a star import of keras.preprocessing.image (and numpy) resolve like named imports."""
from numpy import *
from keras.preprocessing.image import *

gen = ImageDataGenerator(rescale=1. / 255)
flow = gen.flow(zeros((64, 8, 8, 3), dtype="float32"), zeros((64, 2), dtype="float32"), batch_size=16)
model.fit_generator(flow, steps_per_epoch=len(flow), epochs=2)
# output
"""Names bound by a star import of keras.preprocessing.image (and numpy) resolve like named imports."""
from numpy import *
from keras.preprocessing.image import *

gen = ImageDataGenerator(rescale=1. / 255)
flow = gen.flow(zeros((64, 8, 8, 3), dtype="float32"), zeros((64, 2), dtype="float32"), batch_size=16)
model.fit(flow, steps_per_epoch=len(flow), epochs=2)
