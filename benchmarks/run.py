"""Side-by-side benchmarks of kerasparam-lint against real Keras, libcst's parser and flake8.

    python benchmarks/run.py            # full run (a few minutes)
    python benchmarks/run.py --quick    # fewer repetitions and smaller inputs

Every figure is a ratio of two measurements taken in the same run, repetitions of
the two sides alternating, so a busy machine slows both alike; medians over the
repetitions. Whole processes are measured one child at a time with ``os.wait4``:
wall time, CPU time (user + system) and the peak resident memory of exactly that
child. This is a script, not a test: timings on shared machines are not asserts.

Every side runs once unmeasured first, and every child reads all its modules'
bytecode from one cache that this warm-up writes: installed packages (Keras) ship
theirs, and an environment with ``PYTHONDONTWRITEBYTECODE`` would otherwise make
this tool, when installed from its source tree, compile itself on every run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UNET = REPO / "fixtures" / "unet.py"
# Kept between runs, like any bytecode cache (each file is checked against its source).
BYTECODE = os.path.join(tempfile.gettempdir(), "kerasparam-lint-benchmark-bytecode")

# Builds the fixture's models with real Keras and prints their summaries, as a user
# checking a model by hand would. run_name keeps a ``__main__`` block from running.
KERAS_CHILD = """
import runpy, sys
namespace = runpy.run_path(sys.argv[1], run_name="benchmarked_fixture")
import keras
for value in list(namespace.values()):
    if isinstance(value, keras.Model):
        value.summary()
"""

PARSE_CHILD = """
import sys
import libcst
libcst.parse_module(open(sys.argv[1], encoding="utf-8").read())
"""

# flake8 exactly as installed, minus this project's plugin: the baseline.
PLAIN_FLAKE8_CHILD = """
import sys
from flake8.plugins import finder
found = finder._find_importlib_plugins
finder._find_importlib_plugins = lambda: (
    p for p in found() if p.package != "kerasparam-lint")
from flake8.main.cli import main
main(sys.argv[1:])
"""

FLAKE8_CHILD = """
import sys
from flake8.main.cli import main
main(sys.argv[1:])
"""


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    peak_kib: int  # ru_maxrss (KiB on Linux)


@dataclass(frozen=True)
class Row:
    section: str
    measure: str
    ratio: float
    target: str = ""
    met: bool | None = None


def child_environment(**extra: str) -> dict[str, str]:
    """This environment, plus ``extra``, with bytecode written to and read from BYTECODE."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": BYTECODE, **extra}


def run_process(argv: list[str], env: dict[str, str] | None = None) -> Sample:
    """One child process, measured alone (its own rusage, not the sum of all children)."""
    env = env if env is not None else child_environment()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=REPO)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):  # 1: flake8 / lint findings
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{argv} exited with {child.returncode}:\n{message}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def alternate(sides: dict[str, Callable[[], Sample]], repeats: int) -> dict[str, list[Sample]]:
    """A warm-up run of each side, then ``repeats`` rounds; each round runs every side
    once, the order rotating."""
    for side in sides.values():
        side()
    names = list(sides)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for round_ in range(repeats):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(sides[name]())
    return samples


def median(samples: list[Sample], field: str) -> float:
    return statistics.median(getattr(s, field) for s in samples)


def kerasparam_lint_command() -> list[str]:
    script = shutil.which("kerasparam-lint", path=os.path.dirname(sys.executable))
    if script:
        return [script]
    return [sys.executable, "-m", "kerasparam_lint"]


def supports_cache() -> bool:
    help_text = subprocess.run(
        [*kerasparam_lint_command(), "summary", "--help"], capture_output=True, text=True
    ).stdout
    return "--cache-dir" in help_text


# ------------------------------------------------------------------ sections
def whole_process(repeats: int) -> list[Row]:
    """The U-Net fixture: kerasparam-lint vs Keras building and summarizing it."""
    ours = kerasparam_lint_command()
    keras_env = child_environment(TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore")
    sides: dict[str, Callable[[], Sample]] = {
        "kerasparam-lint": lambda: run_process([*ours, "summary", str(UNET)]),
        "import libcst + parse": lambda: run_process(
            [sys.executable, "-c", PARSE_CHILD, str(UNET)]
        ),
        "keras numpy": lambda: run_process(
            [sys.executable, "-c", KERAS_CHILD, str(UNET)], dict(keras_env, KERAS_BACKEND="numpy")
        ),
    }
    if importlib.util.find_spec("jax") is not None:
        sides["keras jax"] = lambda: run_process(
            [sys.executable, "-c", KERAS_CHILD, str(UNET)], dict(keras_env, KERAS_BACKEND="jax")
        )
    cache = tempfile.mkdtemp(prefix="kpl-bench-cache-") if supports_cache() else None
    if cache:
        warm = [*ours, "summary", "--cache-dir", cache, str(UNET)]
        run_process(warm)
        sides["kerasparam-lint, warm cache"] = lambda: run_process(warm)
    try:
        samples = alternate(sides, repeats)
    finally:
        if cache:
            shutil.rmtree(cache, ignore_errors=True)

    print(f"\nfixtures/unet.py, whole processes, medians of {repeats}:")
    print(f"  {'':30} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}")
    for name, runs in samples.items():
        print(
            f"  {name:30} {median(runs, 'wall'):8.3f} {median(runs, 'cpu'):8.3f}"
            f" {median(runs, 'peak_kib') / 1024:9.1f}"
        )

    rows = []
    section = "unet, whole process"
    for ours_name in [n for n in samples if n.startswith("kerasparam-lint")]:
        cached = "warm cache" in ours_name
        for keras_name in [n for n in samples if n.startswith("keras ")]:
            label = f"{keras_name} / {ours_name}"
            wall = median(samples[keras_name], "wall") / median(samples[ours_name], "wall")
            cpu = median(samples[keras_name], "cpu") / median(samples[ours_name], "cpu")
            mem = median(samples[keras_name], "peak_kib") / median(samples[ours_name], "peak_kib")
            needs_target = keras_name == "keras numpy"
            speed_goal = 20 if cached else 5
            rows.append(
                Row(
                    section,
                    f"{label}: wall time",
                    wall,
                    f">= {speed_goal}x" if needs_target else "",
                    wall >= speed_goal if needs_target else None,
                )
            )
            rows.append(Row(section, f"{label}: cpu time", cpu))
            rows.append(
                Row(
                    section,
                    f"{label}: peak memory",
                    mem,
                    ">= 10x" if needs_target and not cached else "",
                    mem >= 10 if needs_target and not cached else None,
                )
            )
    floor = median(samples["import libcst + parse"], "wall")
    rows.append(
        Row(
            section,
            "kerasparam-lint / (import libcst + parse): wall time",
            median(samples["kerasparam-lint"], "wall") / floor,
        )
    )
    return rows


def generated_model(layers: int) -> str:
    """A functional model of ``layers`` chained layers (Dense, BatchNorm, Activation, Dropout)."""
    kinds = [
        "layers.Dense(32, activation='relu')",
        "layers.BatchNormalization()",
        "layers.Activation('relu')",
        "layers.Dropout(0.1)",
    ]
    lines = ["import keras", "from keras import layers", "", "inputs = keras.Input((64,))"]
    lines.append("x = inputs")
    lines += [f"x = {kinds[i % len(kinds)]}(x)" for i in range(layers)]
    lines.append("model = keras.Model(inputs, x)")
    return "\n".join(lines) + "\n"


def keras_application_sources() -> list[tuple[str, str]]:
    spec = importlib.util.find_spec("keras")
    if spec is None or spec.origin is None:
        return []
    folder = Path(spec.origin).parent / "src" / "applications"
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.py"))]


def analysis_over_parse(repeats: int, sizes: list[int]) -> list[Row]:
    """In one process: ``analyze_source`` against the parse it makes of the same text."""
    import libcst

    from kerasparam_lint.analysis import analyze_source
    from kerasparam_lint.source.collector import fewer_collections
    from kerasparam_lint.source.from_ast import BIG_TEXT_CHARACTERS
    from kerasparam_lint.source.parsing import SHARED
    from kerasparam_lint.source.parsing import parse as tool_parse

    inputs: list[tuple[str, list[tuple[str, str]], int]] = []
    applications = keras_application_sources()
    if applications:
        inputs.append(("keras.applications sources", applications, 0))
    for size in sizes:
        source = generated_model(size)
        inputs.append((f"generated {size:,}-layer model", [("<generated>", source)], size))

    def timed(action: Callable[[str, str], object], files: list[tuple[str, str]]) -> Sample:
        SHARED.clear()  # as one run over the files: each text parsed once in all
        gc.collect()
        start_cpu, start = time.process_time(), time.perf_counter()
        for path, source in files:
            action(source, path)
        return Sample(time.perf_counter() - start, time.process_time() - start_cpu, 0)

    def parse_only(source: str, path: str) -> object:
        """The parse the analysis makes, as it makes it (with the collector's thresholds
        it sets): libcst's, or for a big text CPython's with the libcst tree built from
        it (``kerasparam_lint/source/from_ast.py``)."""
        with fewer_collections():
            if len(source) > BIG_TEXT_CHARACTERS:
                return tool_parse(source)
            return libcst.parse_module(source)

    rows = []
    print(f"\nanalysis vs parse, in process, medians of {repeats}:")
    print(f"  {'':52} {'parse s':>8} {'analyze s':>10} {'ratio':>6} {'us/layer':>9}")
    for label, files, size in inputs:
        SHARED.clear()
        with libcst_parses() as parsed:  # a warm-up round, which shows what gets parsed
            for path, source in files:
                analyze_source(source, path)
        own = {source for _, source in files}
        imported = [("<imported>", text) for text in parsed if text not in own]
        floors = {label: files}
        if imported:
            floors[f"{label} + the {len(imported)} modules they import"] = files + imported
        sides = {name: lambda f=f: timed(parse_only, f) for name, f in floors.items()}
        sides["analyze"] = lambda files=files: timed(analyze_source, files)
        samples = alternate(sides, repeats)
        analyze = median(samples["analyze"], "cpu")
        per_layer = f"{analyze / size * 1e6:9.0f}" if size else f"{'':9}"
        for floor in floors:
            parse = median(samples[floor], "cpu")
            ratio = analyze / parse
            print(f"  {floor:52} {parse:8.3f} {analyze:10.3f} {ratio:6.2f} {per_layer}")
            # With imports, parsing the files alone is no floor: the analysis must parse
            # what they import too (see the README); that ratio is shown, not judged.
            judged = floor != label or not imported
            target = "<= 2x" if judged else ""
            rows.append(
                Row("analysis / parse (cpu)", floor, ratio, target, ratio <= 2 if judged else None)
            )
        if size:
            model = analyze_source(files[0][1]).models[0]
            if not model.complete:
                print(f"  warning: the {label} was not analyzed completely")
    return rows


@contextlib.contextmanager
def libcst_parses() -> Iterator[dict[str, None]]:
    """The distinct texts handed to libcst's parser inside the block, in order."""
    import libcst

    texts: dict[str, None] = {}
    real = libcst.parse_module

    def recording(source: str, *args: object, **kwargs: object) -> object:
        texts[source] = None
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    libcst.parse_module = recording  # type: ignore[assignment]
    try:
        yield texts
    finally:
        libcst.parse_module = real


def application_constructors(path: str, source: str) -> list[str]:
    """The public model constructors of a keras.applications file (``@keras_export``ed,
    capitalized top-level functions: ``VGG16``, ``ResNet50``...)."""
    import ast

    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name[:1].isupper() and node.decorator_list
    ]


def per_application_model(threshold: float = 1.0) -> list[Row]:
    """Evaluation time of each keras.applications constructor, as ``summary --model`` does it."""
    from kerasparam_lint.analysis import analyze_source
    from kerasparam_lint.source.parsing import SHARED

    print("\nkeras.applications, one constructor at a time (weights=None), cpu seconds:")
    slowest = 0.0
    for path, source in keras_application_sources():
        for name in application_constructors(path, source):
            SHARED.clear()
            gc.collect()  # as before every timing here: no garbage of earlier runs to collect
            start = time.process_time()
            models = analyze_source(source, path, model_call=name).models
            elapsed = time.process_time() - start
            slowest = max(slowest, elapsed)
            complete = bool(models) and all(m.complete for m in models)
            print(f"  {name:24} {elapsed:6.3f}{'' if complete else '  (incomplete)'}")
    if not slowest:
        return []
    return [
        Row(
            "keras.applications",
            f"slowest constructor / {threshold:g} s",
            slowest / threshold,
            "<= 1x",
            slowest <= threshold,
        )
    ]


def stdlib_files(quick: bool) -> list[str]:
    folder = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(str(p) for p in folder.glob("*.py"))
    return files[::4] if quick else files


def flake8_overhead(repeats: int, quick: bool) -> list[Row]:
    """flake8 with the plugin against flake8 without it, on Python's standard library."""
    if importlib.util.find_spec("kerasparam_lint.frontends.flake8_plugin") is None:
        print("\nflake8: skipped (kerasparam_lint.frontends.flake8_plugin is not available)")
        return []
    files = stdlib_files(quick)
    options = ["--jobs=1", "--exit-zero", "--isolated"]
    plain = [sys.executable, "-c", PLAIN_FLAKE8_CHILD, *options, *files]
    plugin = [sys.executable, "-c", FLAKE8_CHILD, *options, *files]
    samples = alternate(
        {"plain": lambda: run_process(plain), "plugin": lambda: run_process(plugin)},
        repeats,
    )
    print(f"\nflake8 on {len(files)} standard-library modules, medians of {repeats}:")
    for name, runs in samples.items():
        print(f"  {name:10} wall {median(runs, 'wall'):7.2f} s   cpu {median(runs, 'cpu'):7.2f} s")
    rows = []
    for field in ("wall", "cpu"):
        ratio = median(samples["plugin"], field) / median(samples["plain"], field)
        rows.append(
            Row(
                "flake8 on the stdlib",
                f"with plugin / plain: {field} time",
                ratio,
                "<= 1.05x",
                ratio <= 1.05,
            )
        )
    return rows


def data_literal(characters: int) -> str:
    """A file that mentions Keras and holds a data literal of about ``characters``."""
    row = "    [" + ", ".join(f"0.{i:06d}" for i in range(8)) + "],\n"
    rows = row * (characters // len(row))
    return f"import keras\n\nDATA = [\n{rows}]\n\nprint(len(DATA))\n"


def generated_model_of_size(characters: int) -> str:
    per_layer = len(generated_model(1000)) / 1000
    return generated_model(int(characters / per_layer))


def big_files(repeats: int) -> list[Row]:
    """Whole ``check`` runs on 1 MB files, against the issue's absolute bounds, and the
    peak memory of 2 MB against 1 MB (linear growth: 2x)."""
    ours = kerasparam_lint_command()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for kind, make, seconds, mib, sizes in (
            ("builds no model (data literal)", data_literal, 1.0, 300, (1, 2)),
            ("generated model", generated_model_of_size, 5.0, 1024, (1, 2)),
        ):
            paths = []
            for megabytes in sizes:
                path = os.path.join(folder, f"{make.__name__}_{megabytes}.py")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(make(megabytes * 1_000_000))
                paths.append(path)
            sides: dict[str, Callable[[], Sample]] = {
                path: (lambda path=path: run_process([*ours, "check", path])) for path in paths
            }
            samples = alternate(sides, repeats)
            one = samples[paths[0]]
            wall, peak = median(one, "wall"), median(one, "peak_kib") / 1024
            rows.append(
                Row(
                    "1 MB file",
                    f"{kind}: wall time / {seconds:g} s ({wall:.2f} s)",
                    wall / seconds,
                    "<= 1x",
                    wall <= seconds,
                )
            )
            rows.append(
                Row(
                    "1 MB file",
                    f"{kind}: peak memory / {mib} MiB ({peak:.0f} MiB)",
                    peak / mib,
                    "<= 1x",
                    peak <= mib,
                )
            )
            if len(paths) > 1:
                double = median(samples[paths[1]], "peak_kib") / 1024
                rows.append(
                    Row("2 MB file", f"{kind}: peak memory / 1 MB's", double / peak, "~ 2x")
                )
    return rows


def print_table(rows: list[Row]) -> None:
    print()
    width = max(len(f"{r.section}: {r.measure}") for r in rows)
    print(f"{'ratio':{width}}  {'value':>8}  {'target':>9}  ")
    for row in rows:
        verdict = "" if row.met is None else ("met" if row.met else "MISSED")
        print(
            f"{row.section + ': ' + row.measure:{width}}  {row.ratio:7.2f}x  {row.target:>9}  "
            f"{verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller inputs")
    parser.add_argument("--repeat", type=int, help="repetitions per measurement")
    parser.add_argument("--big-files", action="store_true", help="only the 1 MB file measures")
    args = parser.parse_args()
    repeats = args.repeat or (3 if args.quick else 7)
    if args.big_files:
        print_table(big_files(repeats))
        return
    rows = big_files(max(1, repeats // 2))
    rows += whole_process(repeats)
    rows += analysis_over_parse(
        max(1, repeats // 2) if args.quick else repeats, [100, 1_000, 10_000]
    )
    rows += per_application_model()
    rows += flake8_overhead(1 if args.quick else 3, args.quick)
    print_table(rows)


if __name__ == "__main__":
    main()
