"""Runs `check` or `migrate` of two fitmigrate checkouts over the same trees and lists every file whose
outcome differs (findings with line, column and message; new bytes). For changes meant to keep behaviour
identical (speed work): run by hand, it is not a test.

    python benchmarks/compare_versions.py OLD_CHECKOUT NEW_CHECKOUT check TREE [TREE ...]
"""
import json, subprocess, sys, os
from pathlib import Path

CHILD = r'''
import sys, json, hashlib
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from fitmigrate import engine
from fitmigrate.files import discover
task = sys.argv[2]
roots = [Path(p) for p in sys.argv[3:]]
paths = list(discover(roots))
out = {}
for r in engine.run(paths, task, jobs=2):
    o = r.outcome
    if o is None:
        out[str(r.path)] = ["problem", r.problem, r.skipped]
    elif task == "check":
        out[str(r.path)] = [o.error, [[f.diagnostic.code, f.diagnostic.line, f.diagnostic.col, f.diagnostic.message, f.fixable] for f in o.findings]]
    else:
        out[str(r.path)] = [o.error, o.changed, hashlib.sha1(o.new or b"").hexdigest(), [[d.code, d.line, d.col, d.message] for d in o.diagnostics]]
print(json.dumps(out))
'''

def run(checkout, task, roots):
    r = subprocess.run([sys.executable, "-c", CHILD, checkout, task, *roots], capture_output=True, text=True)
    if r.returncode:
        print(r.stderr[-3000:]); raise SystemExit(1)
    return json.loads(r.stdout)

old, new, task, *roots = sys.argv[1:]
a, b = run(old, task, roots), run(new, task, roots)
diff = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
print(f"{task}: {len(a)} files, {len(diff)} differ")
for k in diff[:20]:
    print(k); print("  old", json.dumps(a.get(k))[:600]); print("  new", json.dumps(b.get(k))[:600])
