"""Before Keras 3 this script used model.fit_generator(batches(), 100, 5)."""
# predict_generator and evaluate_generator are gone too.
NAME = "fit_generator"
