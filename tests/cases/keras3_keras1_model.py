"""A Keras 1 model: Convolution2D(nb_filter, nb_row, nb_col), border_mode, init, output_dim, p=,
Model(input=, output=), the dimension ordering, fit(nb_epoch=), predict_classes. The LSTM is left: its
recurrent activation was Keras 1's default hard_sigmoid, which Keras 3 computes otherwise."""
from keras import backend as K
from keras.layers import Activation, Convolution2D, Dense, Dropout, Flatten, Input, LSTM
from keras.models import Model, Sequential

K.set_image_dim_ordering('tf')
model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(32, 32, 3),
                        init='he_normal',  # He initialisation
                        subsample=(1, 1)))
model.add(Activation('relu'))
model.add(Flatten())
model.add(Dense(output_dim=128, W_regularizer=None, b_regularizer=None))
model.add(Dropout(p=0.5))
model.add(Dense(10))
model.add(Activation('softmax'))
model.fit(x_train, y_train, batch_size=32, nb_epoch=10, verbose=1)
classes = model.predict_classes(x_test, batch_size=32)

sequence = Input(shape=(20, 8))
encoded = LSTM(output_dim=16, dropout_W=0.2, dropout_U=0.2, consume_less='gpu')(sequence)
encoder = Model(input=sequence, output=encoded)
# output
"""A Keras 1 model: Convolution2D(nb_filter, nb_row, nb_col), border_mode, init, output_dim, p=,
Model(input=, output=), the dimension ordering, fit(nb_epoch=), predict_classes. The LSTM is left: its
recurrent activation was Keras 1's default hard_sigmoid, which Keras 3 computes otherwise."""
from keras import backend as K
from keras.layers import Activation, Convolution2D, Dense, Dropout, Flatten, Input, LSTM
from keras.models import Model, Sequential

K.set_image_data_format('channels_last')
model = Sequential()
model.add(Convolution2D(32, (3, 3), padding='same', input_shape=(32, 32, 3),
                        kernel_initializer='he_normal',  # He initialisation
                        strides=(1, 1)))
model.add(Activation('relu'))
model.add(Flatten())
model.add(Dense(units=128, kernel_regularizer=None, bias_regularizer=None))
model.add(Dropout(rate=0.5))
model.add(Dense(10))
model.add(Activation('softmax'))
model.fit(x_train, y_train, batch_size=32, epochs=10, verbose=1)
classes = model.predict(x_test, batch_size=32).argmax(axis=-1)

sequence = Input(shape=(20, 8))
encoded = LSTM(output_dim=16, dropout_W=0.2, dropout_U=0.2, consume_less='gpu')(sequence)
encoder = Model(inputs=sequence, outputs=encoded)
