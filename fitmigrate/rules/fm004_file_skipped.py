from fitmigrate.rules import Rule


class FileSkipped(Rule):
    """Files over the size limit (8 MiB) are generated code or data, never hand-written training
    scripts: they are not read, so a huge tree stays fast and memory stays bounded."""

    CODE = "FM004"
    NAME = "file-skipped"
    SEVERITY = "info"
    SUMMARY = "the file is over the size limit and was not processed"
    FIX = "Nothing to do; split the file if it really holds training code."
    FIX_SAFETY = "none"
