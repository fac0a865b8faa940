"""The ``fitmigrate`` command line."""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

import click

from fitmigrate import __version__, engine, progress
from fitmigrate.cache import open_cache
from fitmigrate.diagnostics import Diagnostic
from fitmigrate.elsewhere import EditsElsewhere
from fitmigrate.files import discover, write_atomically
from fitmigrate.harness.cli import verify
from fitmigrate.outcomes import CheckOutcome, FileOutcome, Finding

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
diagnostic (code, file:line:col, what to do). The training hazards `check`
finds (FM3xx: label encoding, misaligned batches, a generator too short...)
are printed too: migrate does not fix them. Files without a candidate call
are never rewritten. Without PATHS: the current folder. Notes of severity
info are shown only when selected (--select ALL), as by `check`.

\b
Examples:
  fitmigrate migrate                   rewrite every .py file under .
  fitmigrate migrate --diff train.py   show the change, write no source file
  fitmigrate migrate --check src/      name the files that would change; exit 1 if any
  fitmigrate migrate - < a.py > b.py   standard input to standard output

\b
Exit codes: 0 all went well; 1 with --check, files would change (or a
file over the size limit was not read, FM004); 2 usage error; 3 some file
could not be read, parsed or written (named on stderr; every other file
was still processed).
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


# The command line wires the harness in; the harness never imports the command line.
main.add_command(verify)


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
NO_CACHE_OPTION = click.option("--no-cache", is_flag=True,
                               help="Neither read nor write the result cache (.fitmigrate_cache/ at the project root).")


CONFIG_OPTION = click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                             help="The pyproject.toml to read [tool.fitmigrate] from (default: the nearest one).")
EXTEND_EXCLUDE_OPTION = click.option("--extend-exclude", multiple=True, metavar="GLOB",
                                     help="Also skip paths matching this glob (repeatable).")


STDIN = "-"
STDIN_FILENAME_OPTION = click.option(
    "--stdin-filename", metavar="PATH",
    help="The name of the source read from standard input (`-`), for messages, the configuration and sibling "
         "imports; the file itself is not read. Given without PATHS, standard input is read.")
SELECT_OPTION = click.option("--select", metavar="CODES",
                             help="Only these codes or prefixes, comma-separated (FM1,FM301; ALL for every code, "
                                  "info notes included).")
IGNORE_OPTION = click.option("--ignore", metavar="CODES", help="Never these codes or prefixes, comma-separated.")
STATISTICS_OPTION = click.option("--statistics", is_flag=True,
                                 help="Instead of each diagnostic, one line per code: its count, severity and name "
                                      "(as ruff's --statistics), then the summary.")


def _inputs(paths: Tuple[Path, ...], stdin_filename: Optional[str]) -> Tuple[Tuple[Path, ...], Optional[str]]:
    """The paths to walk (``.`` when none is given) and, when the source comes from standard input, its name."""
    names = [str(p) for p in paths]
    if STDIN in names or stdin_filename is not None:
        if any(name != STDIN for name in names):
            raise click.UsageError("`-` (standard input) cannot be combined with other paths")
        name = stdin_filename or STDIN
        # The configuration is the one that applies to the named file (or to the current folder).
        return ((Path(stdin_filename),) if stdin_filename else ()), name
    return (paths or (Path("."),)), None


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def skipped_file(path, reason: str) -> Diagnostic:
    """FM004 for a file not read (over the size limit): a warning, so that no run reads as a verdict on it."""
    return Diagnostic("FM004", str(path), 1, 1, f"not processed: {reason}; nothing in it was migrated or checked: "
                                                "split it, or exclude it (extend-exclude) if it holds no training code")


def is_hazard(code: str) -> bool:
    """A training hazard (FM3xx): reported by ``check`` and ``migrate`` alike, never fixed by ``migrate``."""
    return code.startswith("FM3")


class _MigrateRun:
    """The counters and messages of one ``migrate`` run, one file result at a time."""

    def __init__(self, config, quiet: bool, dry: bool, statistics: bool = False) -> None:
        self.config, self.quiet, self.dry, self.statistics = config, quiet, dry, statistics
        self.scanned = self.changed = self.migrated = self.refused = self.hazards = self.skipped = self.errors = 0
        self.reported: List[Diagnostic] = []  # for --statistics

    def shows(self, diagnostic: Diagnostic) -> bool:
        """Selected (``--select`` / ``--ignore`` / ``[tool.fitmigrate]``, as in ``check``) and not hushed by -q."""
        return self.config.selects(diagnostic.code) and (not self.quiet or diagnostic.severity == "error")

    def report(self, diagnostic: Diagnostic, always: bool = False) -> bool:
        """Print (or, with --statistics, count) ``diagnostic`` when it is shown; whether it was."""
        if not (always or self.shows(diagnostic)):
            return False
        if is_hazard(diagnostic.code):
            self.hazards += 1
        if self.statistics:
            self.reported.append(diagnostic)
        else:
            click.echo(diagnostic.format(), err=True)
        return True

    def take(self, result) -> Optional[FileOutcome]:
        """Count and report one file's result; its outcome when it was processed."""
        path = result.path
        self.scanned += 1
        if result.problem is not None:
            self.errors += 1
            self.report(Diagnostic("FM001", str(path), 1, 1, f"cannot read this file ({result.problem}); skipped"),
                        always=True)
            return None
        if result.skipped is not None:
            if self.report(skipped_file(path, result.skipped)):
                self.skipped += 1
            return None
        outcome = result.outcome
        assert isinstance(outcome, FileOutcome)
        for diagnostic in outcome.diagnostics:
            self.report(diagnostic)
        self.migrated += outcome.migrated
        self.refused += outcome.refused
        if outcome.error:
            self.errors += 1
        if outcome.changed:
            self.changed += 1
        return outcome

    def unwritten(self, outcome: FileOutcome) -> None:
        """``outcome`` could not be written after all."""
        self.errors += 1
        self.changed -= 1
        self.migrated -= outcome.migrated

    def summary(self) -> str:
        """The statistics when asked for, then the closing line: what changed, what is left, and why."""
        calls = f"{self.migrated} call{'s' * (self.migrated != 1)}"
        done = f"{self.changed} would change, would migrate {calls}" if self.dry else \
            f"{self.changed} changed, {calls} migrated"
        skipped = f", {self.skipped} not processed (over the size limit)" if self.skipped else ""
        line = (f"fitmigrate: {self.scanned} file{'s' * (self.scanned != 1)} scanned, {done}, {self.refused} left "
                f"with a diagnostic, {self.hazards} hazard{'s' * (self.hazards != 1)}{skipped}, "
                f"{self.errors} error{'s' * (self.errors != 1)}")
        if self.statistics and self.reported:
            from fitmigrate import report

            return report.statistics(self.reported) + "\n" + line
        return line

    def failed_check(self) -> bool:
        """--check: a file would change, or one was not read (so nothing says it would not)."""
        return bool(self.changed or self.skipped)


@main.command(help=MIGRATE_HELP)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff to stdout; write no source file (the result cache still goes to "
                   ".fitmigrate_cache/ unless --no-cache).")
@click.option("--check", is_flag=True,
              help="Write no source file; name each file that would change and exit 1 if any (or if a file was "
                   "too big to read). The result cache still goes to .fitmigrate_cache/ unless --no-cache.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@SELECT_OPTION
@IGNORE_OPTION
@CONFIG_OPTION
@EXTEND_EXCLUDE_OPTION
@STDIN_FILENAME_OPTION
@click.option("--infer", type=click.Choice(["static", "sample"]), default=None, show_default="static",
              help="sample: for calls whose signature cannot be proven, import the generator's module in a "
                   "child process (stopped before it trains) and read the signature from one real batch. "
                   "Runs your code; never the default.")
@click.option("--sample-timeout", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds one --infer sample child may take.")
@click.option("--inline-datasets", is_flag=True,
              help="Write each tf.data dataset inside the call instead of as an assignment just before it.")
@STATISTICS_OPTION
@JOBS_OPTION
@NO_CACHE_OPTION
def migrate(paths: Tuple[Path, ...], show_diff: bool, check: bool, quiet: bool, select: Optional[str],
            ignore: Optional[str], config_file: Optional[Path], extend_exclude: Tuple[str, ...],
            stdin_filename: Optional[str], infer: Optional[str], sample_timeout: float, inline_datasets: bool,
            statistics: bool, jobs: int, no_cache: bool) -> None:
    paths, stdin_name = _inputs(paths, stdin_filename)
    if stdin_name is None:
        _check_missing(paths)
    config = _config(paths, config_file, select=_codes(select), ignore=_codes(ignore),
                     extend_exclude=extend_exclude or None, infer=infer)
    options = {"infer": config.infer, "sample_timeout": sample_timeout, "inline_datasets": inline_datasets}
    dry = show_diff or check
    run_ = _MigrateRun(config, quiet, dry, statistics)
    if stdin_name is not None:
        _migrate_stdin(run_, stdin_name, options, show_diff, check)
        return
    files = list(discover(paths, config))
    # A symlink inside the tree may point outside it: what lies outside the paths given is never written.
    roots = [Path(os.path.realpath(p)) for p in paths]
    cache = open_cache(paths, "migrate", config_key=config.fingerprint() + repr(sorted(options.items())),
                       enabled=not no_cache)
    results = engine.run(files, "migrate", jobs or engine.default_jobs(), options, cache=cache)

    def put(path: Path, outcome: FileOutcome, allowed: List[Path], named: bool = True) -> bool:
        """Show, or write, one file's new bytes; whether that went well (``named``: not yet by --check)."""
        if check and named:
            click.echo(f"would migrate: {path}", err=True)
        if show_diff:
            click.echo(_diff(outcome), nl=False)
        if not dry:
            try:
                write_atomically(path, outcome.new, allowed_roots=allowed)  # type: ignore[arg-type]
            except OSError as exc:
                run_.unwritten(outcome)
                click.echo(f"{path}:1:1: FM001 cannot write this file ({exc.strerror or exc}); left as it was",
                           err=True)
                return False
        return True

    # Files whose migration needs edits in another module wait for the end of the run (fitmigrate.elsewhere).
    held = EditsElsewhere(files, options)
    for result in progress.track(results, len(files), quiet=quiet, silent=lambda r: r.silent,
                                 costs=engine.expected_costs(files, "migrate")):
        outcome = run_.take(result)
        if outcome is None or not outcome.changed or held.hold(result.path, outcome):
            continue
        if put(result.path, outcome, roots):
            held.wrote(result.path, outcome)
    _edits_elsewhere(run_, held, put, roots)
    click.echo(run_.summary(), err=True)
    if run_.errors:
        sys.exit(EXIT_FILE_ERRORS)
    if check and run_.failed_check():
        sys.exit(EXIT_CHANGES)


def _edits_elsewhere(run_: _MigrateRun, held: EditsElsewhere, put, roots: List[Path]) -> None:
    """The modules edited for other files' migrations, then those files; or why neither is written."""
    edited, ready, failed = held.settle()
    for item in failed:
        run_.unwritten(item.outcome)
        run_.report(item.diagnostic, always=True)
    broken = set()
    for module in edited:
        # The module lies under the caller's project root (analysis.elsewhere): written though not named.
        if module.new_file:
            run_.changed += 1
        for diagnostic in module.diagnostics:
            run_.report(diagnostic)
        if not put(module.path, FileOutcome(str(module.path), module.before, new=module.after), [module.path],
                   named=module.new_file):
            broken.add(str(module.path))
    for item in ready:
        if any(edit.path in broken for edit in item.outcome.elsewhere):
            run_.unwritten(item.outcome)
            click.echo(f"{item.path}:1:1: FM003 not written: the module its migration needs edited could not be "
                       "written; left as it was", err=True)
            continue
        put(item.path, item.outcome, roots)


def _migrate_stdin(run_: _MigrateRun, name: str, options: dict, show_diff: bool, check: bool) -> None:
    """``migrate -``: the migrated source (or, unchanged, the source read) on stdout; with ``--diff`` the diff,
    with ``--check`` nothing; diagnostics and the summary on stderr. The exit codes are a file's."""
    data = _read_stdin()
    if options["infer"] != "static":
        click.echo(f"{name}: note: --infer sample runs the file on disk, not standard input: signatures are "
                   "proven statically here", err=True)
        options = dict(options, infer="static")
    outcome = run_.take(engine.process_bytes(Path(name), data, "migrate", options))
    changed = outcome is not None and outcome.changed
    if changed and outcome.elsewhere:  # type: ignore[union-attr]
        edit = outcome.elsewhere[0]  # type: ignore[union-attr]
        run_.unwritten(outcome)  # type: ignore[arg-type]
        run_.report(Diagnostic("FM003", name, 1, 1, f"not migrated: the call at {edit.caller} needs lists made tuples "
                                                    f"in {edit.label}, which standard input cannot write: run "
                                                    f"`fitmigrate migrate` on the files"), always=True)
        changed = False
    if check:
        if changed:
            click.echo(f"would migrate: {name}", err=True)
    elif show_diff:
        if changed:
            click.echo(_diff(outcome), nl=False)  # type: ignore[arg-type]
    else:
        out = sys.stdout.buffer
        out.write(outcome.new if changed else data)  # type: ignore[union-attr]
        out.flush()
    click.echo(run_.summary(), err=True)
    if run_.errors:
        sys.exit(EXIT_FILE_ERRORS)
    if check and run_.failed_check():
        sys.exit(EXIT_CHANGES)


CHECK_HELP = """Report pending migrations and training hazards; never writes a source file.

\b
Lists every fit_generator-family call (FM100: whether `migrate` can fix it,
or the diagnostic that says why not) and every hazard the code proves
statically: integer labels fed to categorical_crossentropy (FM301), x and y
of different batch sizes (FM302), a finite generator shorter than
steps_per_epoch * epochs (FM303), a declared output_signature dtype that
from_generator would cast silently (FM304), an endless generator without
steps_per_epoch (FM305), Keras 1 or Keras 2-only arguments on fit (FM306,
FM307). Nothing is executed. Notes of severity info are shown only when
selected (--select FM2), as by `migrate`. A file over the size limit is not
read and is reported (FM004, a warning). Without PATHS: the current folder;
`-` reads standard input.

\b
Examples:
  fitmigrate check
  fitmigrate check --stdin-filename src/train.py < buffer.py
  fitmigrate check --select FM3 src/          hazards only
  fitmigrate check --format sarif . > fitmigrate.sarif
  fitmigrate check --statistics .             one line per code: what is left, and why

\b
Exit codes: 0 no findings; 1 findings (a file too big to read, FM004,
is one); 2 usage error.
"""


def _codes(value: Optional[str]) -> Optional[Tuple[str, ...]]:
    if value is None:
        return None
    return tuple(part.strip().upper() for part in value.split(",") if part.strip())


def _config(paths: Tuple[Path, ...], config_file: Optional[Path], **overrides):
    """``[tool.fitmigrate]`` with the command line laid over it; usage errors name the file and key."""
    from fitmigrate.config import load_config

    given = {key: value for key, value in overrides.items() if value is not None}
    return load_config(paths, config_file).with_overrides(**given)


def _check_missing(paths: Tuple[Path, ...]) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise click.BadParameter(", ".join(str(p) for p in missing) + " does not exist", param_hint="PATHS")


@main.command(help=CHECK_HELP)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="text for people, json for scripts, sarif for code scanning, github for "
                                      "workflow annotations.")
@SELECT_OPTION
@IGNORE_OPTION
@CONFIG_OPTION
@EXTEND_EXCLUDE_OPTION
@STDIN_FILENAME_OPTION
@click.option("-q", "--quiet", is_flag=True, help="Print only the findings, no summary line or progress.")
@STATISTICS_OPTION
@JOBS_OPTION
@NO_CACHE_OPTION
def check(paths: Tuple[Path, ...], output_format: str, select: Optional[str], ignore: Optional[str],
          config_file: Optional[Path], extend_exclude: Tuple[str, ...], stdin_filename: Optional[str], quiet: bool,
          statistics: bool, jobs: int, no_cache: bool) -> None:
    from fitmigrate import report

    if statistics and output_format not in ("text", "json"):
        raise click.UsageError(f"--statistics counts findings as text or json, not {output_format}")
    paths, stdin_name = _inputs(paths, stdin_filename)
    if stdin_name is None:
        _check_missing(paths)
    config = _config(paths, config_file, select=_codes(select), ignore=_codes(ignore),
                     extend_exclude=extend_exclude or None)
    findings: list = []
    if stdin_name is not None:
        files = [Path(stdin_name)]
        results: Iterable = [engine.process_bytes(files[0], _read_stdin(), "check")]
    else:
        files = list(discover(paths, config))
        cache = open_cache(paths, "check", config_key=config.fingerprint(), enabled=not no_cache)
        results = progress.track(engine.run(files, "check", jobs or engine.default_jobs(), cache=cache), len(files),
                                 quiet=quiet, silent=lambda r: r.silent, costs=engine.expected_costs(files, "check"))
    for result in results:
        if result.problem is not None:
            findings.append(Finding(Diagnostic("FM001", str(result.path), 1, 1,
                                               f"cannot read this file ({result.problem})"), False))
            continue
        if result.skipped is not None:
            skipped = skipped_file(result.path, result.skipped)
            if config.selects(skipped.code):
                findings.append(Finding(skipped, False))
            continue
        assert isinstance(result.outcome, CheckOutcome)
        findings.extend(f for f in result.outcome.findings if config.selects(f.diagnostic.code))
    color = output_format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    # The summary names how many files it covers: pre-commit may split a long list of files over several
    # runs, and "All clear" from one of them must not read as a verdict on the others.
    if statistics:
        text = report.statistics(findings, output_format)
        if output_format == "text":
            text = "\n".join(part for part in (text, report.summary(findings, files=len(files))) if part)
    else:
        text = report.render(findings, output_format, color=color, root=config.root, files=len(files))
    if quiet and output_format == "text":
        text = "\n".join(text.splitlines()[:-1])
    if text:
        click.echo(text)
    if findings:
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

