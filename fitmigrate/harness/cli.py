"""The ``fitmigrate verify`` command. Imports nothing heavy: TensorFlow lives in the child process only.

Registered by the last line of ``fitmigrate.cli``; import that module, not this one, first.
"""

from __future__ import annotations

import os
import sys
from typing import Optional, Tuple

import click

from fitmigrate.cli import main

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

\b
A notebook runs its code cells in order; IPython magics (%...) and shell
lines (!...) are skipped, and said so on stderr.

\b
Exit codes: 0 every check passed (skips allowed); 1 a check failed;
2 the script could not be verified: it crashed, failed to import, hit
--timeout, or never called fit/evaluate/predict (the report says which,
with the script's traceback).
"""


@main.command(help=VERIFY_HELP, context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
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
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED, metavar="SCRIPT [-- SCRIPT_ARGS...]")
def verify(module: Optional[str], timeout: float, batches: int, smoke_steps: int, max_batches: int,
           time_budget: float, as_json: bool, allow_writes: bool, arguments: Tuple[str, ...]) -> None:
    from fitmigrate.harness.report import render_json, render_text
    from fitmigrate.harness.runner import verify as run_verification, writes_text

    arguments = list(arguments)
    if module:
        target = module
    else:
        if not arguments:
            raise click.UsageError("give a SCRIPT to run, or -m MODULE")
        target = arguments.pop(0)
        if not os.path.isfile(target):
            raise click.BadParameter(f"{target} is not a file", param_hint="SCRIPT")
    if arguments[:1] == ["--"]:
        arguments.pop(0)
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
