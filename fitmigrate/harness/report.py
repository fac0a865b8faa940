"""How a verification reads: a table per call site, or exactly one JSON document."""

from __future__ import annotations

import json
from typing import List

from fitmigrate.harness.runner import EXIT_FAILED, EXIT_PASSED, Verification, call_site

_MARK = {"pass": "pass", "fail": "FAIL", "skip": "skip"}


def render_json(verification: Verification) -> str:
    return json.dumps(verification.document(), indent=2)


def render_text(verification: Verification) -> str:
    lines: List[str] = []
    for call in verification.calls:
        lines.append(f"{call_site(call)}  {call['method']}")
        for check in call["checks"]:
            message = " ".join(check["message"].split())
            lines.append(f"  {check['id']:<10} {_MARK.get(check['status'], check['status']):<4}  {message}")
        lines.append("")
    if verification.error:
        lines.append("error: " + verification.error.rstrip())
        lines.append("")
    lines.append(summary(verification))
    return "\n".join(lines) + "\n"


def summary(verification: Verification) -> str:
    calls = verification.calls
    failed = [call for call in calls if any(c["status"] == "fail" for c in call["checks"])]
    ids = sorted({c["id"] for call in failed for c in call["checks"] if c["status"] == "fail"})
    counted = f"{len(calls)} call{'s' * (len(calls) != 1)} checked"
    if verification.exit_code == EXIT_PASSED:
        verdict = "every check passed"
    elif verification.exit_code == EXIT_FAILED:
        verdict = f"{len(failed)} with failures ({', '.join(ids)})"
    else:
        verdict = "the script could not be verified (see the error above)"
    return f"fitmigrate verify: {counted}, {verdict} in {verification.seconds:.1f} s; exit {verification.exit_code}"
