from somewhere_else import load_batches

model.fit_generator(load_batches(), steps_per_epoch=10)
model.fit_generator(*arguments)
