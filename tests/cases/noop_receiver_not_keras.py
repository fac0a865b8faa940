class Trainer:
    def fit_generator(self, batches, steps):
        for _ in range(steps):
            next(batches)

    def run(self, batches):
        self.fit_generator(batches, 3)


trainer = Trainer()
trainer.fit_generator(iter([]), 10)
