"""Calls Keras 3 runs and trains otherwise, with no Keras 3 arguments that compute what the old ones did:
left whole and reported (FM427, and the call's other breaks)."""
from keras.layers import Dense, GRU, LSTM
from keras.models import Sequential
from keras.optimizers import Adagrad, RMSprop, SGD

opt = RMSprop(lr=0.0001)  # epsilon outside the square root in Keras 1-2.3, inside in Keras 3
sparse = Adagrad(lr=0.05)  # accumulators from 0 in Keras 1-2.3, from 0.1 in Keras 3; epsilon likewise
clipped = SGD(lr=0.01, clipnorm=1.0, clipvalue=0.5)  # both applied in Keras 1-2.3; Keras 3 takes one
lstm = LSTM(output_dim=32, inner_activation='hard_sigmoid', input_dim=8, input_length=5)
gru = GRU(output_dim=32, return_sequences=True)  # hard_sigmoid by default, reset_after=False
gate = Dense(10, activation='hard_sigmoid')  # clip(0.2 * x + 0.5, 0, 1) in Keras 1/2, relu6(x + 3) / 6 in Keras 3
model = Sequential([gate])
model.compile(optimizer='rmsprop', loss='mse')
