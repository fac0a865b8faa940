"""A 2017 sentiment LSTM: keras.preprocessing.text.Tokenizer, pad_sequences, layers from
keras.layers.embeddings / recurrent, Keras 1 LSTM arguments, Adamax(lr), fit(nb_epoch), predict_classes
of one sigmoid unit. Its LSTM names its recurrent activation, sigmoid: Keras 1's default, hard_sigmoid,
is a function Keras 3 does not have, and such an LSTM is left (FM415)."""
# breaks: FM306 FM401 FM407 FM409 FM411 FM415
import numpy as np
from keras.layers.core import Dense
from keras.layers.embeddings import Embedding
from keras.layers.recurrent import LSTM
from keras.models import Sequential
from keras.optimizers import Adamax
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.text import Tokenizer

texts = ["a good film", "a bad film", "good acting and a good plot", "bad plot", "not good", "very good"] * 4
labels = np.array([1, 0, 1, 0, 0, 1] * 4)
tokenizer = Tokenizer(num_words=50)
tokenizer.fit_on_texts(texts)
X = pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=6)

model = Sequential()
model.add(Embedding(50, 8, input_length=6))
model.add(LSTM(output_dim=8, dropout_W=0.2, dropout_U=0.2, inner_activation='sigmoid'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer=Adamax(lr=0.002), metrics=['accuracy'])
model.fit(X, labels, batch_size=8, nb_epoch=1, verbose=2)
predicted = model.predict_classes(X)
assert predicted.shape == (len(texts), 1) and set(np.unique(predicted)) <= {0, 1}
