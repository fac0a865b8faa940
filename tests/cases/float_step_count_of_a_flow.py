# runnable: len(x) / batch_size with the flow's own x and batch size is one pass of the flow (its ceiling
# is len(flow)), so the flow is passed as it is with that count as an integer.
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

batch_size = 4
x_train = np.random.rand(10, 8, 8, 3).astype("float32")
y_train = np.zeros((10, 1), dtype="float32")

model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
datagen = ImageDataGenerator(horizontal_flip=True)
model.fit_generator(datagen.flow(x_train, y_train, batch_size=batch_size),
                    steps_per_epoch=len(x_train) / batch_size, epochs=2, verbose=0)
test_flow = datagen.flow(x_train, y_train, batch_size=batch_size, shuffle=False)
model.evaluate_generator(test_flow, steps=test_flow.n / batch_size, verbose=0)
# output
# runnable: len(x) / batch_size with the flow's own x and batch size is one pass of the flow (its ceiling
# is len(flow)), so the flow is passed as it is with that count as an integer.
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

batch_size = 4
x_train = np.random.rand(10, 8, 8, 3).astype("float32")
y_train = np.zeros((10, 1), dtype="float32")

model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
datagen = ImageDataGenerator(horizontal_flip=True)
model.fit(datagen.flow(x_train, y_train, batch_size=batch_size),
          steps_per_epoch=-(-len(x_train) // batch_size), epochs=2, verbose=0)
test_flow = datagen.flow(x_train, y_train, batch_size=batch_size, shuffle=False)
model.evaluate(test_flow, steps=-(-test_flow.n // batch_size), verbose=0)
