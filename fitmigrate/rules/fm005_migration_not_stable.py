from fitmigrate.rules import Rule


class MigrationNotStable(Rule):
    """Before a file is written, its migrated code is analysed again (black's "second pass must be
    stable"). A second pass that would migrate a call this run refuses would decide on code fitmigrate
    wrote, not on the code its author ran: the file is left exactly as it was. A second pass that keeps
    finding fixes after three passes is reported the same way. Reaching it is a bug in fitmigrate (the
    evidence a refusal rests on is held back, FM108); it has no example that triggers it."""

    CODE = "FM005"
    NAME = "migration-not-stable"
    SEVERITY = "error"
    SUMMARY = "a second migrate over the result would change it again; nothing is written"
    FIX = "Report the file to fitmigrate's issue tracker; migrate the calls by hand meanwhile."
    FIX_SAFETY = "none"
