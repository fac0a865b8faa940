from fitmigrate.rules import Rule


class UndecodableFile(Rule):
    """A file that holds a candidate name but cannot be read or decoded (bytes that are not valid in
    its declared encoding, or a coding cookie Python does not know). Nothing in it can be analyzed, so
    it is left byte for byte as it was, and the run's exit code says an error happened."""

    CODE = "FM001"
    NAME = "undecodable-file"
    SEVERITY = "error"
    SUMMARY = "the file cannot be read or decoded; it is left untouched"
    FIX = "Save the file in the encoding its coding cookie declares (UTF-8 when there is none)."
    FIX_SAFETY = "none"
    VALID = ["# -*- coding: latin-1 -*-\nmodel.fit_generator(batches(), steps_per_epoch=10)  # caf\xe9\n"]
    INVALID = [b"model.fit_generator(batches(), steps_per_epoch=10)\nname = '\xff\xfe'\n"]
