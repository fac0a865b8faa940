from fitmigrate.rules import Rule


class UnparsableFile(Rule):
    """A file (or a notebook cell) that holds a candidate name but is not valid Python 3. It is left
    untouched, never emptied, and the run goes on with other files.

    The message says Python 2 only when the file is Python 2: it holds a construct Python 3 removed
    (a ``print`` or ``exec`` statement, ``except X, e:``, ``raise E, "msg"``, backquotes, ``<>``,
    ``0777``, ``10L``, ``ur""``, a tuple parameter, tabs mixed with spaces) and nothing Python 2 lacks,
    and it parses once those are written the Python 3 way (``fitmigrate/project/python2.py``). Any other
    syntax error is named as Python names it, with its line. A file Python parses but LibCST cannot
    (a LibCST limitation) says so."""

    CODE = "FM002"
    NAME = "unparsable-file"
    SEVERITY = "error"
    SUMMARY = "the file is not valid Python 3 (Python 2 code, or a syntax error); it is left untouched"
    FIX = ("Python 2 code: port it to Python 3 first (`2to3 -w FILE`, shipped with Python up to 3.12), then run "
           "fitmigrate again. A syntax error: fix it at the line named.")
    FIX_SAFETY = "none"
    VALID = ["print('epoch done')\nmodel.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = ['print "epoch done"\nmodel.fit_generator(batches(), steps_per_epoch=10)\n',
               "model.fit_generator(batches(), steps_per_epoch=10\n"]
