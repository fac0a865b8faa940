from fitmigrate.rules import Rule

_TRAIN = ("from keras.preprocessing.image import ImageDataGenerator\n\n\n"
          "def train(model, batches, epochs):\n"
          "    model.fit_generator(batches, samples_per_epoch=batches.n, nb_epoch=epochs)\n\n\n"
          "flow = ImageDataGenerator().flow_from_directory('data/train', target_size=(64, 64))\n")


class ValueFromCallers(Rule):
    """A legacy call fed by a parameter (``def train(model, batches): model.fit_generator(batches, ...)``)
    is migrated as what the calls of that function in the project give it (its own module, and every
    module or notebook of the project that imports it, whichever files the run was given), when every one
    gives the same kind of value: flows (passed to ``fit`` as they are; ``batches.n`` is one pass of
    whichever flow it is), instances of one Sequence class, or the same generator. Each caller's argument
    is evaluated where the caller stands, through its own callers a few levels deep. A method's calls
    are read through ``self`` in its own module, only when no other module uses its class. A caller
    outside the project (a user of a library) is not covered: the note says which calls the migration
    rests on."""

    CODE = "FM219"
    NAME = "value-from-callers"
    SEVERITY = "warning"
    SUMMARY = "what feeds the call is a parameter, migrated as what every caller in the module gives it"
    FIX = "Nothing to do if every caller of the function is in this project; otherwise check what the others pass."
    FIX_SAFETY = "safe"
    VALID = [_TRAIN + "model.fit_generator(flow, samples_per_epoch=flow.n, nb_epoch=2)\n"]
    INVALID = [_TRAIN + "train(model, flow, 2)\n"]
