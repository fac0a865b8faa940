"""``fitmigrate verify``: run a training script in a child process and check what its model is fed.

Parent side: ``cli`` (the command), ``runner`` (child process, timeout, verdict), ``report`` (table, JSON),
``sample`` (``migrate --infer sample``). Child side: ``child`` (entry point), ``hooks`` (patch on import),
``targets`` (script, module, notebook), ``intercept`` (each fit/evaluate/predict), ``sources`` (batches
from each kind of input). ``checks`` holds the verdicts as pure numpy functions.
"""
