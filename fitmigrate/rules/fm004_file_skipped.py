from fitmigrate.rules import Rule


class FileSkipped(Rule):
    """Files over the size limit (8 MiB) are not read, so a huge tree stays fast and memory stays bounded.
    Such a file is usually generated code, data, or a notebook heavy with outputs, but nothing says it
    holds no legacy call: it is a warning, shown by default, so that no run reads as a verdict on a file
    nobody looked at. ``check`` exits 1 on it and ``migrate --check`` fails on it."""

    CODE = "FM004"
    NAME = "file-skipped"
    SEVERITY = "warning"
    SUMMARY = "the file is over the size limit and was not read: nothing in it was migrated or checked"
    FIX = ("Exclude it (`extend-exclude` in `[tool.fitmigrate]`, or `--extend-exclude`) if it holds no training "
           "code; otherwise split it, or clear a notebook's outputs, to bring it under 8 MiB.")
    FIX_SAFETY = "none"
