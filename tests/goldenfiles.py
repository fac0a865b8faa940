"""Golden end-to-end tests: each sample project, migrated in a temporary copy, must equal its expected
migration under ``tests/golden/<project>/`` (only the files that change are stored there; every other
file must come out byte-identical).

Regenerate after a deliberate change with ``python -m tests.goldenfiles --update``, then read the diff.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"
GOLDEN = Path(__file__).resolve().parent / "golden"
SOURCE_SUFFIXES = (".py", ".ipynb")


def projects() -> List[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def sources(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts}


def migrated_copy(project: Path, destination: Path) -> Path:
    """The project copied to ``destination`` and migrated there with the real CLI, in process."""
    from fitmigrate.cli import run

    target = destination / project.name
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data", "images"))
    code = run(["migrate", "-j", "1", "--no-cache", "-q", str(target)])
    assert code in (0, 3), f"migrate exited {code}"
    return target


def update() -> None:
    import tempfile

    for project in projects():
        with tempfile.TemporaryDirectory() as tmp:
            target = migrated_copy(project, Path(tmp))
            before, after = sources(project), sources(target)
            expected = GOLDEN / project.name
            if expected.exists():
                shutil.rmtree(expected)
            for name, data in after.items():
                if before.get(name) != data:
                    (expected / name).parent.mkdir(parents=True, exist_ok=True)
                    (expected / name).write_bytes(data)
            print(f"{project.name}: {sum(before.get(n) != d for n, d in after.items())} file(s) migrated", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print(__doc__)
