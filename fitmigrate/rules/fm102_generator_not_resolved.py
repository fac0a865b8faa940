from fitmigrate.rules import Rule


class GeneratorNotResolved(Rule):
    """The analyzer cannot find what feeds the call: a generator function (with ``yield``), a
    ``keras.utils.Sequence`` subclass instance, or an ``ImageDataGenerator`` flow defined in this
    project; or it finds one kind of feed on one code path and another on another (the message names the
    lines: the branches that bind the name, the returns of the function called). Without one feed there is
    no signature to prove, so the call is left as it was."""

    CODE = "FM102"
    NAME = "generator-not-resolved"
    SEVERITY = "error"
    SUMMARY = "what feeds the call cannot be found or recognised; the call is left as it was"
    FIX = ("Define the generator in this project (a function with `yield`, a keras.utils.Sequence, or an "
           "ImageDataGenerator flow) and pass it directly or through a variable, giving it one kind of value on "
           "every code path; or migrate the call by hand.")
    FIX_SAFETY = "none"
    VALID = ["import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"
             "model.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = ["from somewhere_else import load_batches\n\nmodel.fit_generator(load_batches(), steps_per_epoch=10)\n"]
