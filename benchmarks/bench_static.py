"""Static-analysis benchmark: fitmigrate ``check`` / ``migrate --diff`` on a synthetic legacy tree, against
the floors and baselines of the same run. Run by hand (it takes 15-30 minutes on 2 cores, most of it in
LibCST's codemod CLI); it is not a test.

    python benchmarks/bench_static.py                    # corpus in /tmp/fitmigrate-corpus, 10,000 files
    python benchmarks/bench_static.py --codemod-sample 1000 --no-write

What it measures, each figure in the same run so ratios compare like with like:

- ``grep -rl fit_generator`` over the tree: the floor of any tool that must read every file;
- a bare ``libcst.parse_module`` of the matching files (the legacy ones), in this process, CPU time;
- the ``check`` and ``migrate`` pipelines over the same files, in this process, CPU time: per-file cost
  against the bare parse;
- the ``fitmigrate`` command (a new process, as a user runs it, default ``-j``): ``check`` and
  ``migrate --diff``, cold (no cache) and warm (second run, cache filled), wall time, files/s, and peak
  memory: the largest process (``ru_maxrss``) and the whole process tree's sampled peak;
- ``-j 1`` against ``-j 2`` on the matching set only (a copy of the legacy files and their modules);
- ``python -m libcst.tool codemod`` with a no-op codemod (``benchmarks/noop_codemod.py``) over the same
  tree, default ``-j``, writing nothing (``-u``);
- the load average during the run (other work on the machine slows every figure; ratios suffer less).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.make_corpus import make_corpus  # noqa: E402
from benchmarks.results import LoadSampler, machine, replace_section, run_measured  # noqa: E402

FITMIGRATE = [sys.executable, "-m", "fitmigrate"]


def f_stderr(result: Dict) -> str:
    return str(result.get("stderr", ""))


def best(runs: int, fn):
    results = [fn() for _ in range(runs)]
    return min(results, key=lambda r: r["wall"])


def cpu_timed(fn) -> Dict[str, float]:
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    fn()
    return {"wall": time.perf_counter() - start_wall, "cpu": time.process_time() - start_cpu}


def in_process(files: List[Path], repeats: int) -> Dict[str, Dict[str, float]]:
    """Bare parse vs the check and migrate pipelines over ``files`` in this process (one core)."""
    import libcst

    from fitmigrate import engine

    datas = [p.read_bytes() for p in files]
    out = {}
    out["parse"] = best(repeats, lambda: cpu_timed(lambda: [libcst.parse_module(d) for d in datas]))
    for task in ("check", "migrate"):
        out[task] = best(repeats, lambda: cpu_timed(lambda: list(engine.run(files, task, jobs=1))))
    return out


def profile_breakdown(files: List[Path]) -> Dict[str, float]:
    """CPU seconds of the pipeline's stages over ``files``, measured one by one (what a miss is made of)."""
    import libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from fitmigrate.analysis import walk
    from fitmigrate.analysis.calls import find_calls
    from fitmigrate.analysis.positions import Positions

    datas = [p.read_bytes() for p in files]
    modules = []
    stages = {}
    stages["parse"] = cpu_timed(lambda: modules.extend(libcst.parse_module(d) for d in datas))["cpu"]
    stages["PositionProvider metadata"] = cpu_timed(
        lambda: [MetadataWrapper(m, unsafe_skip_copy=True).resolve(PositionProvider) for m in modules])["cpu"]
    stages["fitmigrate's Positions (the same ranges)"] = cpu_timed(lambda: [Positions(m)[m] for m in modules])["cpu"]
    stages["find_calls (one walk)"] = cpu_timed(lambda: [find_calls(m) for m in modules])["cpu"]
    stages["empty CSTVisitor visit (LibCST)"] = cpu_timed(lambda: [m.visit(libcst.CSTVisitor()) for m in modules])["cpu"]
    stages["empty walk (fitmigrate.analysis.walk)"] = cpu_timed(lambda: [walk.visit(m, walk.Visitor()) for m in modules])["cpu"]
    stages["code generation (module.code)"] = cpu_timed(lambda: [m.code for m in modules])["cpu"]
    return stages


def _old_style(path: Path) -> object:
    from fitmigrate import engine

    return engine.process(path, "check")


def prefilter_placement(files: List[Path], repeats: int) -> Dict[str, float]:
    """The files the prefilter rejects, answered in the parent (this engine) or shipped to 2 workers that
    read and prefilter them (``pool.map``, chunks of 16: the engine before this one)."""
    from concurrent.futures import ProcessPoolExecutor

    from fitmigrate import engine

    def parent() -> Dict[str, float]:
        return cpu_timed(lambda: list(engine.run(files, "check", jobs=2)))

    def workers() -> Dict[str, float]:
        def go():
            with ProcessPoolExecutor(max_workers=2) as pool:
                list(pool.map(_old_style, files, chunksize=16))
        return cpu_timed(go)

    return {"parent": best(repeats, parent)["wall"], "workers": best(repeats, workers)["wall"]}


def matching_copy(corpus: Path, legacy: List[str], out: Path) -> Path:
    """The legacy files (and the modules they import) alone, same layout: the ``-j`` comparison's tree."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(corpus / "pyproject.toml", out / "pyproject.toml")
    for rel in legacy:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / rel, target)
        sibling = (corpus / rel).parent / "data_gen.py"
        if sibling.exists():
            shutil.copy(sibling, target.parent / "data_gen.py")
    return out


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / ".fitmigrate_cache", ignore_errors=True)


STDLIB_LEGACY = 40  # legacy files of the synthetic corpus added to the standard library (issue 13's tree)


def stdlib_tree(corpus: Path, legacy: List[str], out: Path) -> Path:
    """The Python standard library's own ``.py`` files (tests included) plus ``STDLIB_LEGACY`` legacy files:
    a large tree of real, varied code in which almost nothing is a candidate."""
    import sysconfig

    if out.exists():
        shutil.rmtree(out)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in stdlib.rglob("*.py"):
        rel = path.relative_to(stdlib)
        if rel.parts[0] in ("site-packages", "dist-packages"):
            continue
        target = out / "stdlib" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (out / "legacy").mkdir(parents=True)
    for rel in legacy[:STDLIB_LEGACY]:
        shutil.copyfile(corpus / rel, out / "legacy" / Path(rel).name)
    return out


def floor(root: Path) -> Dict[str, float]:
    """Issue 13's floor, one core, in this process: read every file, a byte test for a legacy call or a
    ``from_generator``, and a bare ``libcst.parse_module`` of the files that pass (wall seconds)."""
    import libcst

    names = (b"fit_generator", b"evaluate_generator", b"predict_generator", b"from_generator")
    start = time.perf_counter()
    matching = 0
    for path in sorted(root.rglob("*.py")):
        data = path.read_bytes()
        if any(name in data for name in names):
            matching += 1
            try:
                libcst.parse_module(data)
            except Exception:
                pass
    return {"wall": time.perf_counter() - start, "matching": matching}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/fitmigrate-corpus"))
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--legacy-fraction", type=float, default=0.01)
    parser.add_argument("--near-miss-fraction", type=float, default=0.03)
    parser.add_argument("--regenerate", action="store_true", help="write the corpus again even if it exists")
    parser.add_argument("--repeats", type=int, default=2, help="runs per timing (the fastest counts)")
    parser.add_argument("--codemod-sample", type=int, default=0,
                        help="run LibCST's codemod CLI on the first N files only and scale linearly (0: whole tree)")
    parser.add_argument("--skip-codemod", action="store_true", default=True, help=argparse.SUPPRESS)
    parser.add_argument("--with-codemod", dest="skip_codemod", action="store_false",
                        help="also time LibCST's codemod CLI with a no-op codemod (12 minutes here)")
    parser.add_argument("--no-write", action="store_true", help="print, do not update benchmarks/RESULTS.md")
    parser.add_argument("--render-only", action="store_true",
                        help="write RESULTS.md from the figures of the last run (benchmarks/last_static.json)")
    args = parser.parse_args()
    if args.render_only:
        replace_section("static analysis", render(json.loads((HERE / "last_static.json").read_text())))
        return

    corpus: Path = args.corpus
    manifest_path = corpus / "MANIFEST.json"
    if args.regenerate or not manifest_path.exists() or json.loads(manifest_path.read_text())["files"] != args.files:
        print(f"writing the corpus to {corpus} ...", flush=True)
        make_corpus(corpus, args.files, args.legacy_fraction, args.near_miss_fraction)
    manifest = json.loads(manifest_path.read_text())
    legacy = [corpus / p for p in manifest["legacy"]]
    near = [corpus / p for p in manifest["near_miss"]]
    total_files = sum(1 for _ in corpus.rglob("*.py"))
    env = dict(os.environ, FITMIGRATE_PROGRESS="0", FITMIGRATE_CACHE_STATS="1")
    env.pop("FITMIGRATE_NO_CACHE", None)
    env.pop("FITMIGRATE_CACHE_DIR", None)
    figures: Dict[str, object] = {"machine": machine(), "files": total_files, "legacy": len(legacy),
                                  "near_miss": len(near), "mbytes": manifest["bytes"] / 1e6}
    print(json.dumps(figures, indent=1), flush=True)

    def step(name: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {name} (load {os.getloadavg()[0]:.2f})", flush=True)

    with LoadSampler() as load:
        figures["load_start"] = os.getloadavg()[0]
        subprocess.run(["grep", "-rl", "fit_generator", str(corpus)], stdout=subprocess.DEVNULL)  # warm the page cache
        step("grep floor")
        grep = best(3, lambda: run_measured(["grep", "-rl", "fit_generator", str(corpus)]))
        figures["grep"] = grep

        step("in-process: bare parse vs pipelines, legacy files")
        figures["inproc_legacy"] = in_process(legacy, args.repeats)
        step("in-process: bare parse vs pipelines, near misses")
        figures["inproc_near"] = in_process(near, 1)
        step("prefilter in the parent vs in workers")
        plain = [p for p in corpus.rglob("*.py") if p not in set(legacy) | set(near)]
        figures["prefilter_placement"] = dict(prefilter_placement(plain, 3), files=len(plain))
        step("stage breakdown")
        figures["stages"] = profile_breakdown(legacy)
        step("floors (byte test + bare parse of the files with a legacy call or from_generator)")
        figures["floor"] = best(3, lambda: floor(corpus))
        tree = stdlib_tree(corpus, manifest["legacy"], Path(str(corpus) + "-stdlib"))
        figures["stdlib_files"] = sum(1 for _ in tree.rglob("*.py"))
        figures["stdlib_floor"] = best(3, lambda: floor(tree))
        for task, extra in (("check", []), ("migrate", ["--diff"])):
            step(f"{task} cold on the standard library tree")
            figures[f"stdlib_{task}_cold"] = best(args.repeats, lambda task=task, extra=extra: run_measured(
                FITMIGRATE + [task, *extra, "--no-cache", str(tree)], env=env))

        for task, extra in (("check", []), ("migrate", ["--diff"])):
            step(f"{task} cold")
            def cold(task=task, extra=extra):
                clear_cache(corpus)
                return run_measured(FITMIGRATE + [task, *extra, str(corpus)], env=env)
            figures[f"{task}_cold"] = best(args.repeats, cold)
            step(f"{task} warm")
            run_measured(FITMIGRATE + [task, *extra, str(corpus)], env=env)  # make sure the cache is full
            figures[f"{task}_warm"] = best(3, lambda task=task, extra=extra: run_measured(
                FITMIGRATE + [task, *extra, str(corpus)], env=env))
        # The warm check really answered from the cache (the key covers fitmigrate's own source files:
        # an edit to them between runs would make the "warm" run cold).
        stats = re.findall(r"cache (\d+) hits, (\d+) misses", f_stderr(figures["check_warm"]))
        figures["warm_hits"] = {"hits": int(stats[-1][0]), "misses": int(stats[-1][1])} if stats else {"hits": -1, "misses": -1}
        check_no_cache = run_measured(FITMIGRATE + ["check", "--no-cache", str(corpus)], env=env)
        figures["check_no_cache"] = check_no_cache

        step("-j 1 vs -j 2 on the matching set")
        matching = matching_copy(corpus, manifest["legacy"], Path(str(corpus) + "-matching"))
        for task, extra in (("check", []), ("migrate", ["--diff"])):
            for jobs in ("1", "2"):
                figures[f"matching_{task}_j{jobs}"] = best(args.repeats, lambda task=task, extra=extra, jobs=jobs: run_measured(
                    FITMIGRATE + [task, *extra, "--no-cache", "-j", jobs, str(matching)], env=env))

        if not args.skip_codemod:
            step("LibCST codemod CLI (no-op codemod)")
            target = corpus
            scale = 1.0
            if args.codemod_sample:
                sample = Path(str(corpus) + "-codemod-sample")
                shutil.rmtree(sample, ignore_errors=True)
                chosen = sorted(corpus.rglob("*.py"))[: args.codemod_sample]
                for path in chosen:
                    (sample / path.relative_to(corpus)).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, sample / path.relative_to(corpus))
                target, scale = sample, total_files / len(chosen)
            codemod = run_measured([sys.executable, "-m", "libcst.tool", "codemod", "-x",
                                    "benchmarks.noop_codemod.NoOpCommand", "--no-format", "-u", "0", "--hide-progress",
                                    str(target)], cwd=REPO, env=env)
            codemod["scale"] = scale
            codemod["tail"] = codemod["stderr"][-400:]
            figures["codemod"] = codemod
        figures["load_end"] = os.getloadavg()[0]
    figures["load"] = load.summary()
    for value in figures.values():
        if isinstance(value, dict):
            value.pop("stderr", None)
    print(json.dumps(figures, indent=1, default=str), flush=True)
    (HERE / "last_static.json").write_text(json.dumps(figures, indent=1, default=str))
    report = render(figures)
    print(report)
    if not args.no_write:
        replace_section("static analysis", report)


def _ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def render(f: Dict) -> str:
    m = f["machine"]
    files = f["files"]
    grep = f["grep"]["wall"]
    inproc = f["inproc_legacy"]
    parse_cpu = inproc["parse"]["cpu"]
    parse_wall = inproc["parse"]["wall"]
    legacy = f["legacy"]
    floor = grep + parse_wall
    check_cold = f["check_cold"]["wall"]
    lines = [
        f"Measured {m['date']} by `python benchmarks/bench_static.py` on {m['nproc']} x {m['cpu']}, {m['memory']}, "
        f"Python {m['python']}. Load average during the run: {f['load']} (start {f['load_start']:.2f}, end "
        f"{f['load_end']:.2f}); a load above 0 means other work shared the 2 cores: wall times are then "
        "pessimistic, CPU-time ratios steadier.",
        "",
        f"Corpus: `benchmarks/make_corpus.py` defaults, {files} `.py` files ({f['mbytes']:.1f} MB), {legacy} with "
        f"legacy calls (1%), {f['near_miss']} near misses (3%: `yield` and `fit`/`predict` but no legacy name, what "
        "`check`'s broader prefilter lets through; 4.1% of a real TensorFlow/Keras site-packages passes it).",
        "",
        "| measurement | wall | files/s | CPU (tree) | peak RSS (largest process / whole tree) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]

    def row(name, r, n=files):
        lines.append(f"| {name} | {r['wall']:.2f} s | {n / r['wall']:,.0f} | {r['cpu']:.2f} s | "
                     f"{r['maxrss_mb']:.0f} MB / {r['tree_rss_mb']:.0f} MB |")

    row("`grep -rl fit_generator` (floor)", f["grep"])
    row("`fitmigrate check`, cold (no cache)", f["check_cold"])
    row("`fitmigrate check`, warm (second run, cache)", f["check_warm"])
    row("`fitmigrate check --no-cache`", f["check_no_cache"])
    row("`fitmigrate migrate --diff`, cold", f["migrate_cold"])
    row("`fitmigrate migrate --diff`, warm", f["migrate_warm"])
    if "codemod" in f:
        c = f["codemod"]
        scaled = dict(c, wall=c["wall"] * c["scale"], cpu=c["cpu"] * c["scale"])
        label = "LibCST `codemod` CLI, no-op codemod" + (f" (on {files / c['scale']:.0f} files, scaled x{c['scale']:.1f})"
                                                         if c["scale"] != 1 else "")
        row(label, scaled)
    lines += ["", f"In process, one core, the {legacy} legacy files (CPU time; the fastest of the repeats):", "",
              "| stage | CPU | per file | vs bare parse |", "| --- | ---: | ---: | ---: |"]
    for name, key in (("bare `libcst.parse_module`", "parse"), ("`check` pipeline", "check"),
                      ("`migrate` pipeline", "migrate")):
        cpu = inproc[key]["cpu"]
        lines.append(f"| {name} | {cpu:.2f} s | {cpu / legacy * 1000:.0f} ms | {cpu / parse_cpu:.2f}x |")
    near = f["inproc_near"]
    lines += ["", f"Near misses ({f['near_miss']} files, parsed by `check` only): bare parse {near['parse']['cpu']:.2f} s, "
              f"`check` {near['check']['cpu']:.2f} s ({near['check']['cpu'] / near['parse']['cpu']:.2f}x).", "",
              f"What a parsed file costs, stage by stage (CPU, the {legacy} legacy files, each stage alone):", "",
              "| stage | CPU | vs parse |", "| --- | ---: | ---: |"]
    stages = f["stages"]
    for name, cpu in stages.items():
        lines.append(f"| {name} | {cpu:.2f} s | {cpu / stages['parse']:.2f}x |")
    lines += ["", "`-j 1` against `-j 2` on the matching set alone (the legacy files and their imported modules, "
              "`--no-cache`, new process each, includes start-up):", "",
              "| command | -j 1 | -j 2 | speed-up | CPU -j 1 / -j 2 |", "| --- | ---: | ---: | ---: | ---: |"]
    for task in ("check", "migrate"):
        one, two = f[f"matching_{task}_j1"], f[f"matching_{task}_j2"]
        lines.append(f"| `{task}` | {one['wall']:.2f} s | {two['wall']:.2f} s | {one['wall'] / two['wall']:.2f}x | "
                     f"{one['cpu']:.1f} s / {two['cpu']:.1f} s |")
    if "prefilter_placement" in f:
        pp = f["prefilter_placement"]
        lines += ["", f"Where the prefilter runs ({pp['files']} files it rejects, `check`, 2 cores, in process): in the "
                  f"parent before anything is shipped, {pp['parent']:.2f} s; shipped to 2 worker processes that read and "
                  f"prefilter them (`pool.map`, chunks of 16, the previous engine), {pp['workers']:.2f} s "
                  f"({pp['workers'] / pp['parent']:.1f}x slower)."]
    peak = max(f[k]["tree_rss_mb"] for k in ("check_cold", "migrate_cold", "check_warm", "migrate_warm"))
    per_file_check = inproc["check"]["cpu"] / parse_cpu
    per_file_migrate = inproc["migrate"]["cpu"] / parse_cpu
    lines += ["", f"Issue 13's floor: one core reads every file, tests its bytes for a legacy call or `from_generator` "
              f"and parses those that have one with a bare `libcst.parse_module`: {f['floor']['wall']:.2f} s on the "
              f"synthetic corpus ({f['floor']['matching']} such files), {f['stdlib_floor']['wall']:.2f} s on the "
              f"standard library tree ({f['stdlib_files']} files: the standard library's own plus "
              f"{STDLIB_LEGACY} legacy ones; {f['stdlib_floor']['matching']} such files). The commands run with "
              "the default `-j` (2 here), a new process each, start-up included.", "",
              "| tree | command (cold, no cache) | wall | floor x 1.5 + 0.5 s | |", "| --- | --- | ---: | ---: | --- |"]
    for label, prefix, fl in (("synthetic, 10,320 files", "", f["floor"]), ("standard library + legacy", "stdlib_", f["stdlib_floor"])):
        for task in ("check", "migrate"):
            wall = f[f"{prefix}{task}_cold"]["wall"]
            limit = 1.5 * fl["wall"] + 0.5
            lines.append(f"| {label} | `{task}{' --diff' if task == 'migrate' else ''}` | {wall:.2f} s | {limit:.2f} s | "
                         f"{_ok(wall <= limit)} |")
    lines += ["", "### Targets (issue 13)", "", "| target | figure | |", "| --- | --- | --- |"]
    for label, prefix, fl in (("synthetic", "", f["floor"]), ("standard library + legacy", "stdlib_", f["stdlib_floor"])):
        limit = 1.5 * fl["wall"] + 0.5
        walls = [f[f"{prefix}{task}_cold"]["wall"] for task in ("check", "migrate")]
        lines.append(f"| cold `check` / `migrate --diff` at most 1.5x floor + 0.5 s ({label}) | {walls[0]:.2f} s / "
                     f"{walls[1]:.2f} s against {limit:.2f} s | {_ok(walls[0] <= limit)} / {_ok(walls[1] <= limit)} |")
    warm = [f["check_warm"]["wall"], f["migrate_warm"]["wall"]]
    lines.append(f"| warm (cache) under 0.5 s for 10,000 files | `check` {warm[0]:.2f} s ({f['warm_hits']['hits']} hits, "
                 f"{f['warm_hits']['misses']} misses), `migrate --diff` {warm[1]:.2f} s | {_ok(warm[0] < 0.5)} / {_ok(warm[1] < 0.5)} |")
    lines.append(f"| per matching file: `check` at most 2x a bare parse, `migrate` at most 2.5x | {per_file_check:.2f}x, "
                 f"{per_file_migrate:.2f}x | {_ok(per_file_check <= 2)} / {_ok(per_file_migrate <= 2.5)} |")
    speedups = [f[f"matching_{task}_j1"]["wall"] / f[f"matching_{task}_j2"]["wall"] for task in ("check", "migrate")]
    lines.append(f"| `-j 2` at least 1.7x `-j 1` on the matching set | `check` {speedups[0]:.2f}x, `migrate` {speedups[1]:.2f}x | "
                 f"{_ok(speedups[0] >= 1.7)} / {_ok(speedups[1] >= 1.7)} |")
    lines.append(f"| peak memory under 300 MB, whole process tree, 10,320 files | {peak:.0f} MB | {_ok(peak < 300)} |")
    if "codemod" in f:
        c = f["codemod"]
        lines.append(f"| (for scale) LibCST's codemod CLI, no-op | {c['wall'] * c['scale']:.0f} s vs `check` {check_cold:.1f} s | |")
    lines += ["", "Reproduce: `python benchmarks/make_corpus.py /tmp/fitmigrate-corpus` (or let the benchmark write it), "
              "then `python benchmarks/bench_static.py` (about 5 minutes on 2 cores; `--with-codemod` adds LibCST's "
              "codemod CLI, 12 more)."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
