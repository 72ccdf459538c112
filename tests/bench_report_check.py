#!/usr/bin/env python3
"""bench/report.py on made-up Google Benchmark output: the ratios and target verdicts it prints, the spread between
repetitions it reads and the targets it calls noisy, and --check's exit status.

usage: bench_report_check.py REPO_ROOT
"""
import json
import os
import subprocess
import sys
import tempfile

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
report = os.path.join(root, "bench", "report.py")
failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)


def runs(gbs, cv=None, repetitions=True):
    """Benchmark entries for {name: GB/s}; with repetitions, a median and a cv aggregate each (cv: {name: spread},
    0.01 where not given), else one iteration run each."""
    out = []
    for name, value in gbs.items():
        entry = {"name": name, "run_name": name, "run_type": "iteration", "bytes_per_second": value * 1e9,
                 "items_per_second": value * 1e7, "cpu_time": 1000.0, "time_unit": "ns"}
        if not repetitions:
            out.append(entry)
            continue
        out.append(dict(entry, name=name + "_median", run_type="aggregate", aggregate_name="median"))
        spread = (cv or {}).get(name, 0.01)
        out.append({"name": name + "_cv", "run_name": name, "run_type": "aggregate", "aggregate_name": "cv",
                    "aggregate_unit": "percentage", "bytes_per_second": spread, "cpu_time": spread,
                    "time_unit": "ns"})
    return out


def report_of(benchmarks, *flags):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"context": {"host_name": "test", "num_cpus": 2, "mhz_per_cpu": 1000}, "benchmarks": benchmarks}, f)
        path = f.name
    try:
        done = subprocess.run([sys.executable, report, path, *flags], capture_output=True, text=True)
    finally:
        os.unlink(path)
    return done.returncode, done.stdout, done.stderr


# One corpus, one chunking: pull 12 GB/s and push 8 GB/s against getline 1 GB/s and memchr 4 GB/s.
session = {"pull/session/whole": 12.0, "push/session/whole": 8.0, "memchr/session/whole": 4.0,
           "getline/session/whole": 1.0}

status, out, err = report_of(runs(session))
expect(status == 0, f"quiet run: exit {status}, stderr {err!r}")
expect("12.0×" in out and "8.0×" in out, "quiet run: the getline ratios 12.0× and 8.0× are printed")
expect("300%" in out and "200%" in out, "quiet run: the memchr shares 300% and 200% are printed")
expect("≥ 10× getline on session, pull: 12.0–12.0× (met)" in out, "quiet run: pull meets 10× getline")
expect("≥ 10× getline on session, push: 8.0–8.0× (missed)" in out, "quiet run: push misses 10× getline")
expect("median 1.0%, largest 1.0%" in out, "quiet run: the spread line gives median and largest")
expect("noisy" not in out, "quiet run: nothing is called noisy")

# getline's repetitions spread 20 %: every getline ratio's verdict says so, the memchr shares do not.
status, out, err = report_of(runs(session, cv={"getline/session/whole": 0.20}))
expect(status == 0, f"noisy run: exit {status}, stderr {err!r}")
expect("noisy (over 5%): 1 of 4 figures: getline/session/whole 20%" in out, "noisy run: the noisy figure is named")
expect("≥ 10× getline on session, push: 8.0–8.0× (missed; noisy: figures spread up to 20% between repetitions)"
       in out, "noisy run: the getline target's verdict says it is noisy")
expect("≥ 50% of memchr on session, push: 200%–200% (met)" in out,
       "noisy run: the memchr target, whose figures are quiet, is not called noisy")

# A spread just at the threshold is not noisy.
status, out, err = report_of(runs(session, cv={"push/session/whole": 0.05}))
expect("noisy" not in out, "5 % spread: not called noisy")

# Single runs (no repetitions): no spread to read, no spread line.
status, out, err = report_of(runs(session, repetitions=False), "--check")
expect(status == 0, f"single runs --check: exit {status}, stderr {err!r}")
expect("spread between repetitions" not in out and "single runs" in out, "single runs: no spread line")

# --check: a row without getline is not enough, and an error fails.
status, out, err = report_of(runs({"pull/session/whole": 1.0, "memchr/session/whole": 1.0}), "--check")
expect(status == 1, f"--check without getline: exit {status}, expected 1")
broken = runs(session) + [{"name": "push/real/whole", "run_name": "push/real/whole", "run_type": "iteration",
                           "error_occurred": True, "error_message": "replies differ"}]
status, out, err = report_of(broken, "--check")
expect(status == 1 and "replies differ" in err, f"--check with an error: exit {status}, stderr {err!r}")

# bench/plot.py draws from what report.py reads: run it against a stand-in for matplotlib (a module on PYTHONPATH
# that records the bars and writes them out as JSON instead of a picture), so that the check needs no matplotlib
# and still sees a change to report.load() that plot.py does not follow (session 50 found plot.py broken that way).
STUB_PYPLOT = """import json
_axes = []
class Axes:
    def __init__(self):
        self.title = None
        self.bars = {}
        _axes.append(self)
    def bar(self, xs, ys, width, label=None, color=None):
        self.bars[label] = list(ys)
    def set_title(self, title):
        self.title = title
    def set_xticks(self, ticks):
        pass
    def set_xticklabels(self, labels):
        pass
    def grid(self, *args, **kwargs):
        pass
    def set_ylabel(self, label):
        pass
    def get_legend_handles_labels(self):
        return [], []
class Figure:
    def legend(self, *args, **kwargs):
        pass
    def suptitle(self, *args, **kwargs):
        pass
    def tight_layout(self, *args, **kwargs):
        pass
    def savefig(self, path, dpi=None):
        with open(path, "w") as out:
            json.dump({ax.title: ax.bars for ax in _axes}, out)
def subplots(rows, columns, **kwargs):
    return Figure(), [[Axes() for _ in range(columns)]]
"""
with tempfile.TemporaryDirectory() as stub:
    os.makedirs(os.path.join(stub, "matplotlib"))
    with open(os.path.join(stub, "matplotlib", "__init__.py"), "w") as f:
        f.write("def use(backend):\n    pass\n")
    with open(os.path.join(stub, "matplotlib", "pyplot.py"), "w") as f:
        f.write(STUB_PYPLOT)
    results = os.path.join(stub, "results.json")
    with open(results, "w") as f:
        json.dump({"context": {"host_name": "test", "num_cpus": 2}, "benchmarks": runs(session)}, f)
    picture = os.path.join(stub, "plot.json")
    done = subprocess.run([sys.executable, os.path.join(root, "bench", "plot.py"), results, picture],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=stub))
    expect(done.returncode == 0, f"plot.py: exit {done.returncode}, stderr {done.stderr!r}")
    bars = {}
    if os.path.exists(picture):
        with open(picture) as f:
            bars = json.load(f)
    expect(bars.get("session", {}).get("ftpwire pull") == [12.0] and
           bars.get("session", {}).get("ftpwire push") == [8.0] and
           bars.get("session", {}).get("getline reader") == [1.0],
           f"plot.py: the session panel's bars are pull 12, push 8, getline 1 GB/s, got {bars!r}")

for failure in failures:
    print("FAILED: " + failure)
print("ok" if not failures else f"{len(failures)} problem(s)")
sys.exit(1 if failures else 0)
