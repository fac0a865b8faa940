"""The ``fitmigrate verify`` command. Imports nothing heavy: TensorFlow lives in the child process only.

``fitmigrate.cli`` adds it to the command group; this module never imports the command line.
Its own options may come before or after SCRIPT; only what follows ``--`` goes to the script.
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional, Tuple

import click

VERIFY_HELP = """Run a training script in a child process and check what its model is fed.

\b
The script runs as written (python SCRIPT ARGS...), with a time limit, except
that every keras / tf.keras / tf_keras Model.fit, evaluate and predict is
intercepted: the harness pulls a few sample batches, checks them, runs a
real step or two on the compiled model, and returns at once (a History for
fit) so the script goes on to its next call. Your files are never written:
the script runs in a private mount namespace where every filesystem is a
copy-on-write overlay (its writes are kept apart, listed at the end of the
report, and discarded) and in a PID namespace (nothing it starts outlives
it). Where that is impossible, verify refuses to run (exit 2) unless
--allow-writes.

\b
Checks, per call site:
  signature  values the from_generator generator yields vs its
             output_signature (lossy casts, ranks, fixed dims, structure)
  encoding   labels vs the loss and output shape (one-hot vs class ids,
             range of binary labels, ...)
  alignment  x, y and sample_weight have the same batch size; dict keys
             match the model's input names
  steps      the data lasts steps_per_epoch * epochs (and validation_steps)
  smoke      a real train/test/predict step on the real batches

\b
Examples:
  fitmigrate verify train.py
  fitmigrate verify train.py -- --epochs 5 --data ./data
  fitmigrate verify -m project.train -- --fast
  fitmigrate verify --json --timeout 120 notebook.ipynb > verify.json
  fitmigrate verify train.py --json -- --epochs 5

\b
verify's own options go before or after SCRIPT; the script gets only what
follows `--`.

\b
A notebook runs its code cells in order; IPython magics (%...) and shell
lines (!...) are skipped, and said so on stderr.

\b
Exit codes: 0 every check passed (skips allowed); 1 a check failed;
2 the script could not be verified: it crashed, failed to import, hit
--timeout, or never called fit/evaluate/predict (the report says which,
with the script's traceback).
"""


SCRIPT_ARGUMENTS = "fitmigrate.script_arguments"  # ctx.meta key: what followed `--`


class VerifyCommand(click.Command):
    """Splits the command line at the first ``--`` before click parses it: click would otherwise mix what
    follows ``--`` with SCRIPT, and an option of verify's after SCRIPT could not be told from the script's."""

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        if "--" in args:
            split = args.index("--")
            ctx.meta[SCRIPT_ARGUMENTS] = args[split + 1:]
            args = args[:split]
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            raise click.UsageError(f"{exc.format_message()} (arguments for the script go after `--`: "
                                   f"fitmigrate verify SCRIPT -- {exc.option_name} ...)", ctx) from None


@click.command("verify", cls=VerifyCommand, help=VERIFY_HELP)
@click.option("-m", "--module", metavar="MODULE", help="Run a module as `python -m MODULE` would, instead of SCRIPT.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds before the script (and all it started) is killed.")
@click.option("--batches", type=click.IntRange(min=1), default=3, show_default=True,
              help="Sample batches checked per call.")
@click.option("--smoke-steps", type=click.IntRange(min=0), default=2, show_default=True,
              help="Real model steps run per call on the sample batches (0: none).")
@click.option("--max-batches", type=click.IntRange(min=1), default=10000, show_default=True,
              help="Most batches counted per input for the steps check.")
@click.option("--time-budget", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Most seconds spent counting batches per input for the steps check.")
@click.option("--json", "as_json", is_flag=True, help="Print exactly one JSON document on stdout.")
@click.option("--allow-writes", is_flag=True,
              help="Run even where no sandbox can contain the script's writes (not root, no user namespaces), "
                   "under a best-effort guard; the default is to refuse.")
@click.argument("scripts", nargs=-1, metavar="SCRIPT [-- SCRIPT_ARGS...]")
@click.pass_context
def verify(ctx: click.Context, module: Optional[str], timeout: float, batches: int, smoke_steps: int,
           max_batches: int, time_budget: float, as_json: bool, allow_writes: bool, scripts: Tuple[str, ...]) -> None:
    from fitmigrate.harness.report import render_json, render_text
    from fitmigrate.harness.runner import verify as run_verification, writes_text

    arguments: List[str] = list(ctx.meta.get(SCRIPT_ARGUMENTS, []))
    given = " ".join(scripts)
    if module:
        if scripts:
            raise click.UsageError(f"-m {module} runs a module: give no SCRIPT ({given}); arguments for the module "
                                   "go after `--`")
        target = module
    else:
        if not scripts:
            raise click.UsageError("give a SCRIPT to run, or -m MODULE")
        if len(scripts) > 1:
            raise click.UsageError(f"one SCRIPT only ({given}); arguments for the script go after `--`: "
                                   f"fitmigrate verify {scripts[0]} -- {' '.join(scripts[1:])}")
        target = scripts[0]
        if not os.path.isfile(target):
            raise click.BadParameter(f"{target} is not a file", param_hint="SCRIPT")
    verification = run_verification(target, arguments, module=bool(module), timeout=timeout, batches=batches,
                                    smoke_steps=smoke_steps, max_batches=max_batches, time_budget=time_budget,
                                    allow_writes=allow_writes)
    for note in verification.notes:
        click.echo(f"note: {note}", err=True)
    if as_json:
        click.echo(render_json(verification))
    else:
        body, _, last = render_text(verification).rstrip("\n").rpartition("\n")  # the summary stays last
        click.echo((body + "\n" if body else "") + writes_text(verification) + last + "\n", nl=False)
    sys.exit(verification.exit_code)
