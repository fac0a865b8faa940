from fitmigrate.rules import Rule


class UnparsableFile(Rule):
    """A file that holds a candidate name but is not valid Python 3 (often Python 2: ``print "x"``,
    ``except E, e``). It is left untouched, never emptied, and the run goes on with other files."""

    CODE = "FM002"
    NAME = "unparsable-file"
    SEVERITY = "error"
    SUMMARY = "the file is not valid Python 3; it is left untouched"
    FIX = "Port the file to Python 3 (for example with `python -m lib2to3` or pyupgrade), then run migrate again."
    FIX_SAFETY = "none"
    VALID = ["print('epoch done')\nmodel.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = ['print "epoch done"\nmodel.fit_generator(batches(), steps_per_epoch=10)\n']
