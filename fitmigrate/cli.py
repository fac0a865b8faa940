"""The ``fitmigrate`` command line."""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import click

from fitmigrate import __version__, engine
from fitmigrate.check import CheckOutcome
from fitmigrate.files import discover, write_atomically
from fitmigrate.migrate import FileOutcome

EXIT_OK = 0
EXIT_CHANGES = 1  # --check: something would change
EXIT_USAGE = 2  # click's own code for usage errors
EXIT_FILE_ERRORS = 3  # a file could not be read, parsed or written; the others were processed

MIGRATE_HELP = """Rewrite fit_generator / evaluate_generator / predict_generator calls in place.

\b
Each call becomes model.fit / evaluate / predict fed by
tf.data.Dataset.from_generator(..., output_signature=...) with a signature
proven from the generator's code (nothing is executed). Keras 1 arguments
are mapped (nb_epoch -> epochs, samples_per_epoch -> steps_per_epoch, ...).
A call that cannot be migrated safely is left exactly as it was, with a
diagnostic (code, file:line:col, what to do). Files without a candidate call
are never rewritten.

\b
Examples:
  fitmigrate migrate .                 rewrite every .py file under .
  fitmigrate migrate --diff train.py   show the change, write nothing
  fitmigrate migrate --check src/      exit 1 if anything would change

\b
Exit codes: 0 all went well; 1 with --check, files would change;
2 usage error; 3 some file could not be read, parsed or written
(named on stderr; every other file was still processed).
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fitmigrate")
def main() -> None:
    """Move legacy Keras fit_generator code to model.fit on tf.data, and prove the
    moved pipeline feeds the model what it expects.

    \b
    Start with:  fitmigrate migrate --diff PATH
    Codes:       fitmigrate rules
    """


def _diff(outcome: FileOutcome) -> str:
    before = outcome.original.decode(outcome.encoding, errors="replace").splitlines(keepends=True)
    after = (outcome.new or b"").decode(outcome.encoding, errors="replace").splitlines(keepends=True)
    label = outcome.path
    if os.path.isabs(label):
        relative = os.path.relpath(label)
        label = relative if not relative.startswith("..") else label.lstrip("/")
    lines = difflib.unified_diff(before, after, f"a/{label}", f"b/{label}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


JOBS_OPTION = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="all cores",
                           help="Files processed in parallel; -j 1 runs in this process.")


@main.command(help=MIGRATE_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff to stdout; write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file would change.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@click.option("--infer", type=click.Choice(["static", "sample"]), default="static", show_default=True,
              help="sample: for calls whose signature cannot be proven, import the generator's module in a "
                   "child process (stopped before it trains) and read the signature from one real batch. "
                   "Runs your code; never the default.")
@click.option("--sample-timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds one --infer sample child may take.")
@JOBS_OPTION
def migrate(paths: Tuple[Path, ...], show_diff: bool, check: bool, quiet: bool, infer: str, sample_timeout: float,
            jobs: int) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise click.BadParameter(", ".join(str(p) for p in missing) + " does not exist", param_hint="PATHS")
    scanned = changed = migrated = refused = errors = 0
    options = {"infer": infer, "sample_timeout": sample_timeout}
    for result in engine.run(discover(paths), "migrate", jobs or engine.default_jobs(), options):
        path, outcome = result.path, result.outcome
        scanned += 1
        if result.problem is not None:
            errors += 1
            click.echo(f"{path}:1:1: FM001 cannot read this file ({result.problem}); skipped", err=True)
            continue
        if result.skipped is not None:
            click.echo(f"{path}:1:1: FM004 not processed: {result.skipped}", err=True)
            continue
        assert isinstance(outcome, FileOutcome)
        for diagnostic in outcome.diagnostics:
            if not quiet or diagnostic.severity == "error":
                click.echo(diagnostic.format(), err=True)
        migrated += outcome.migrated
        refused += outcome.refused
        if outcome.error:
            errors += 1
        if not outcome.changed:
            continue
        changed += 1
        if show_diff:
            click.echo(_diff(outcome), nl=False)
        if not (show_diff or check):
            try:
                write_atomically(path, outcome.new)  # type: ignore[arg-type]
            except OSError as exc:
                errors += 1
                changed -= 1
                click.echo(f"{path}:1:1: FM001 cannot write this file ({exc.strerror or exc}); left as it was", err=True)
    verb = "would change" if (show_diff or check) else "changed"
    click.echo(
        f"fitmigrate: {scanned} file{'s' * (scanned != 1)} scanned, {changed} {verb}, {migrated} "
        f"call{'s' * (migrated != 1)} migrated, {refused} left with a diagnostic, {errors} error{'s' * (errors != 1)}",
        err=True,
    )
    if errors:
        sys.exit(EXIT_FILE_ERRORS)
    if check and changed:
        sys.exit(EXIT_CHANGES)


CHECK_HELP = """Report pending migrations and training hazards; never writes.

\b
Lists every fit_generator-family call (FM100: whether `migrate` can fix it,
or the diagnostic that says why not) and every hazard the code proves
statically: integer labels fed to categorical_crossentropy (FM301), x and y
of different batch sizes (FM302), a finite generator shorter than
steps_per_epoch * epochs (FM303), a declared output_signature dtype that
from_generator would cast silently (FM304), an endless generator without
steps_per_epoch (FM305), Keras 1 or Keras 2-only arguments on fit (FM306,
FM307). Nothing is executed. Notes of severity info are shown only when
selected (--select FM2).

\b
Examples:
  fitmigrate check .
  fitmigrate check --select FM3 src/          hazards only
  fitmigrate check --format sarif . > fitmigrate.sarif

\b
Exit codes: 0 no findings; 1 findings; 2 usage error.
"""


def _selected(code: str, select: Tuple[str, ...], ignore: Tuple[str, ...]) -> bool:
    from fitmigrate.rules import rule_for

    if any(code.startswith(prefix) for prefix in ignore):
        return False
    if select:
        return any(code.startswith(prefix) for prefix in select)
    return rule_for(code).SEVERITY != "info"


def _codes(value: Optional[str]) -> Tuple[str, ...]:
    return tuple(part.strip().upper() for part in (value or "").split(",") if part.strip())


@main.command(help=CHECK_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--select", metavar="CODES", help="Only these codes or prefixes, comma-separated (FM1,FM301).")
@click.option("--ignore", metavar="CODES", help="Never these codes or prefixes, comma-separated.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the findings, no summary.")
@JOBS_OPTION
def check(paths: Tuple[Path, ...], select: Optional[str], ignore: Optional[str], quiet: bool, jobs: int) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise click.BadParameter(", ".join(str(p) for p in missing) + " does not exist", param_hint="PATHS")
    selected, ignored = _codes(select), _codes(ignore)
    counts: dict = {}
    for result in engine.run(discover(paths), "check", jobs or engine.default_jobs()):
        path, outcome = result.path, result.outcome
        if result.problem is not None:
            counts["FM001"] = counts.get("FM001", 0) + 1
            click.echo(f"{path}:1:1: FM001 cannot read this file ({result.problem})")
            continue
        if result.skipped is not None:
            continue
        assert isinstance(outcome, CheckOutcome)
        for finding in outcome.findings:
            diagnostic = finding.diagnostic
            if not _selected(diagnostic.code, selected, ignored):
                continue
            counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
            suffix = " [fixable: fitmigrate migrate]" if finding.fixable and diagnostic.code == "FM100" else ""
            click.echo(diagnostic.format() + suffix)
    total = sum(counts.values())
    if not quiet:
        if total:
            by_code = ", ".join(f"{n} x {c}" for c, n in sorted(counts.items()))
            click.echo(f"Found {total} finding{'s' * (total != 1)}: {by_code}")
        else:
            click.echo("All clear: no findings.")
    if total:
        sys.exit(1)


@main.command()
@click.argument("code", required=False)
def rules(code: Optional[str]) -> None:
    """List the diagnostic codes, or explain one (fitmigrate rules FM103)."""
    from fitmigrate.rules import all_rules, explain, rule_for

    if code is None:
        for rule in all_rules():
            click.echo(f"{rule.CODE}  {rule.NAME:<36} {rule.SEVERITY:<8} {rule.SUMMARY}")
        return
    try:
        rule = rule_for(code.upper())
    except KeyError:
        raise click.BadParameter(f"no rule {code}; `fitmigrate rules` lists them", param_hint="CODE")
    click.echo(explain(rule))


def run(argv: Optional[List[str]] = None) -> int:
    """Run the CLI in process and return its exit code (for tests and embedding)."""
    try:
        main.main(args=argv, prog_name="fitmigrate", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    return 0

