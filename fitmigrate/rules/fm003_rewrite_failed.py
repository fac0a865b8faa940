from fitmigrate.rules import Rule


class RewriteFailed(Rule):
    """A safety net: the rewritten file is parsed again before it is written, and if it does not parse
    the original is kept. Reaching it is a bug in fitmigrate; it has no example that triggers it."""

    CODE = "FM003"
    NAME = "rewrite-failed"
    SEVERITY = "error"
    SUMMARY = "internal error: the analysis failed or the migrated code would not parse; the file is left untouched"
    FIX = "Report the file to fitmigrate's issue tracker; migrate the call by hand meanwhile."
    FIX_SAFETY = "none"
