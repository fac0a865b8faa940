"""Before/after case files (black's layout): the source, then a line ``# output``, then what
``migrate`` must make of it. A file without that line must come out unchanged: a no-op case.

Regenerate after a deliberate change with ``python -m tests.casefiles --update``, then read the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional, Tuple

CASES = Path(__file__).parent / "cases"
MARKER = b"# output"


def split(data: bytes) -> Tuple[bytes, Optional[bytes]]:
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    marker = newline + MARKER + newline
    if marker not in data:
        return data, None
    before, after = data.split(marker, 1)
    return before + newline, after


def case_files() -> List[Path]:
    return sorted(CASES.glob("*.py"))


def update() -> None:
    from fitmigrate.migrate import migrate_bytes

    for path in case_files():
        source, _ = split(path.read_bytes())
        outcome = migrate_bytes(source, path.name)
        newline = b"\r\n" if b"\r\n" in source else b"\n"
        if outcome.changed:
            path.write_bytes(source + MARKER + newline + outcome.new)  # type: ignore[operator]
        else:
            path.write_bytes(source)
        print(f"{path.name}: {'migrated' if outcome.changed else 'no-op'}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print(__doc__)
