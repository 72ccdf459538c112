#!/usr/bin/env python3
"""Prints the ftpwire benchmark results as tables with ratios.

usage: report.py RESULTS.json [--markdown] [--check]

RESULTS.json is the output of `ftpwire_bench --benchmark_out=RESULTS.json --benchmark_out_format=json`.
With --benchmark_repetitions=N the medians are used, otherwise the single runs.

Throughput table: one row per corpus x chunking with ftpwire pull and push throughput, the memchr baseline
(find every '\\n' with one call per line and nothing else), the hand-written getline reader, and the ratios of
each ftpwire mode to memchr and to getline. Then the bare line scan (bitmask: ftpwire's own block compare,
handing out every '\\n' and nothing else) with each mode's share of its speed and its own multiple of getline,
the most any parser that hands out lines with that scan can show on the machine. Then replies/s, then ns per
call of the micro-benchmarks (code lookup, payload decoders, sequencer).

With repetitions, each figure's spread between them (Google Benchmark's coefficient of variation, "cv", of
bytes/s) is read too: a line after the throughput tables gives the median and the largest spread, and a target
whose rows spread more than NOISY_CV between repetitions says so beside its verdict (on a shared machine, where the
host runs other work on the sibling hardware thread, the parser's figures can move by 2× between runs while
memchr's barely move: bench/HISTORY.md, session 49). A verdict from such figures is not one to quote.

--check: exit 1 unless the file holds at least one throughput row with memchr, getline and an ftpwire
figure, and no benchmark reported an error (CI uses this on a smoke run). Standard library only.
"""
import json
import sys

CHUNK_ORDER = {"whole": 0, "1460": 1, "65536": 2}
CORPUS_ORDER = {"session": 0, "multiline": 1, "small": 2, "adversarial": 3, "real": 4}
THROUGHPUT_IMPLS = ("pull", "push", "memchr", "bitmask", "getline")
# Throughput targets of issue 7, as fractions of memchr / multiples of getline.
MEMCHR_TARGET = {"session": 0.50, "multiline": 0.70}
GETLINE_TARGET = 10.0
# A figure whose repetitions spread more than this (coefficient of variation) is called noisy. On a quiet machine
# the parser benchmarks spread 0.2-3 % (bench/results/results.json at b3057d1); on the busy one of session 49,
# 4-23 %.
NOISY_CV = 0.05


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    runs = data.get("benchmarks", [])
    has_medians = any(r.get("aggregate_name") == "median" for r in runs)
    picked, errors, spread = {}, [], {}
    for r in runs:
        if r.get("error_occurred"):
            errors.append(f"{r['name']}: {r.get('error_message', 'error')}")
            continue
        if r.get("run_type") == "aggregate" and r.get("aggregate_name") == "cv":
            # The spread of the throughput where there is one, else of the time (the micro-benchmarks).
            cv = r.get("bytes_per_second", r.get("cpu_time"))
            if cv is not None:
                spread[r.get("run_name", r["name"])] = cv
            continue
        if has_medians:
            if r.get("run_type") != "aggregate" or r.get("aggregate_name") != "median":
                continue
            name = r.get("run_name", r["name"])
        else:
            if r.get("run_type", "iteration") != "iteration":
                continue
            name = r["name"]
        picked[name] = r
    return data.get("context", {}), picked, errors, has_medians, spread


def ns_per_call(run):
    """Micro-benchmarks report one item per call; without items, one call per iteration."""
    if run.get("items_per_second"):
        return 1e9 / run["items_per_second"]
    unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[run.get("time_unit", "ns")]
    return run["cpu_time"] * unit


def fmt(v, spec=".2f"):
    return "—" if v is None else format(v, spec)


def throughput_rows(picked):
    """{(corpus, chunking): {impl: (GB/s, replies/s)}} from names impl/corpus/chunking."""
    rows = {}
    for name, run in picked.items():
        parts = name.split("/")
        if len(parts) != 3 or parts[0] not in THROUGHPUT_IMPLS:
            continue
        impl, corpus, chunk = parts
        if "bytes_per_second" not in run:
            continue
        rows.setdefault((corpus, chunk), {})[impl] = (run["bytes_per_second"] / 1e9,
                                                       run.get("items_per_second"))
    key = lambda k: (CORPUS_ORDER.get(k[0], 99), k[0], CHUNK_ORDER.get(k[1], 99), k[1])
    return {k: rows[k] for k in sorted(rows, key=key)}


def table(header, rows, markdown, left=2):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    out = []
    if markdown:
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|")
        out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    else:
        out.append("  ".join(h.ljust(w) if i < left else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
        out += ["  ".join(str(c).ljust(w) if i < left else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
                for r in rows]
    return "\n".join(out)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    markdown = "--markdown" in argv
    check = "--check" in argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    context, picked, errors, medians, spread = load(args[0])
    rows = throughput_rows(picked)

    print(f"# {context.get('host_name', '?')}: {context.get('num_cpus', '?')} CPUs at "
          f"{context.get('mhz_per_cpu', '?')} MHz, {context.get('date', '')}, "
          f"{'medians of repetitions' if medians else 'single runs'}; GB/s = 1e9 bytes/s")
    header = ["corpus", "chunking", "pull GB/s", "push GB/s", "memchr GB/s", "pull/memchr", "push/memchr",
              "getline GB/s", "pull/getline", "push/getline"]
    body = []
    # target -> mode -> [ratio]; target -> mode -> the largest spread of the figures behind those ratios
    checks, check_spread = {}, {}

    def record(key, mode, ratio, corpus, chunk, baseline):
        """A ratio behind a target, and the larger spread of the two figures it divides."""
        checks.setdefault(key, {}).setdefault(mode, []).append(ratio)
        worst = check_spread.setdefault(key, {})
        figures = (spread.get(f"{i}/{corpus}/{chunk}", 0.0) for i in (mode, baseline))
        worst[mode] = max(worst.get(mode, 0.0), *figures)

    for (corpus, chunk), impls in rows.items():
        gbs = {i: impls[i][0] for i in impls}
        row = [corpus, chunk, fmt(gbs.get("pull")), fmt(gbs.get("push")), fmt(gbs.get("memchr"))]
        for mode in ("pull", "push"):
            r = gbs[mode] / gbs["memchr"] if mode in gbs and "memchr" in gbs else None
            row.append(fmt(r, ".0%"))
            if r is not None and corpus in MEMCHR_TARGET:
                name = f"≥ {MEMCHR_TARGET[corpus]:.0%} of memchr on {corpus}"
                record((name, MEMCHR_TARGET[corpus], "%"), mode, r, corpus, chunk, "memchr")
        row.append(fmt(gbs.get("getline")))
        for mode in ("pull", "push"):
            r = gbs[mode] / gbs["getline"] if mode in gbs and "getline" in gbs else None
            row.append("—" if r is None else f"{r:.1f}×")
            if r is not None:
                name = f"≥ {GETLINE_TARGET:.0f}× getline on {corpus}"
                record((name, GETLINE_TARGET, "×"), mode, r, corpus, chunk, "getline")
        body.append(row)
    if rows:
        print()
        print(table(header, body, markdown))
        scan = []
        for (corpus, chunk), impls in rows.items():
            gbs = {i: impls[i][0] for i in impls}
            if "bitmask" not in gbs:
                continue
            scan.append([corpus, chunk, fmt(gbs["bitmask"])]
                        + [fmt(gbs[m] / gbs["bitmask"] if m in gbs else None, ".0%") for m in ("pull", "push")]
                        + ["—" if "getline" not in gbs else f"{gbs['bitmask'] / gbs['getline']:.1f}×"])
        if scan:
            print()
            print(table(["corpus", "chunking", "bitmask GB/s", "pull/bitmask", "push/bitmask", "bitmask/getline"],
                        scan, markdown))
        print()
        header = ["corpus", "chunking"] + [f"{i} Mreplies/s" for i in THROUGHPUT_IMPLS]
        body = []
        for (corpus, chunk), impls in rows.items():
            body.append([corpus, chunk] + [fmt(impls[i][1] / 1e6 if i in impls and impls[i][1] else None)
                                           for i in THROUGHPUT_IMPLS])
        print(table(header, body, markdown))
        shown = sorted((cv, name) for name, cv in spread.items() if name.split("/")[0] in THROUGHPUT_IMPLS)
        if shown:
            median_cv = shown[len(shown) // 2][0]
            noisy = [f"{name} {cv:.0%}" for cv, name in reversed(shown) if cv > NOISY_CV]
            print()
            print(f"spread between repetitions (coefficient of variation of GB/s): median {median_cv:.1%}, "
                  f"largest {shown[-1][0]:.1%} ({shown[-1][1]})")
            if noisy:
                print(f"noisy (over {NOISY_CV:.0%}): {len(noisy)} of {len(shown)} figures: " + ", ".join(noisy[:8])
                      + (", ..." if len(noisy) > 8 else "")
                      + "; measure again on a quiet machine before quoting them")

    # Other parser runs (options/...): throughput, not ns per call.
    others = [(name, run) for name, run in sorted(picked.items())
              if name.split("/")[0] not in THROUGHPUT_IMPLS and "bytes_per_second" in run]
    if others:
        print()
        print(table(["benchmark", "GB/s", "Mreplies/s"],
                    [[n, f"{r['bytes_per_second'] / 1e9:.2f}", fmt(r.get("items_per_second", 0) / 1e6)]
                     for n, r in others], markdown, left=1))
    micro = [(name, ns_per_call(run)) for name, run in picked.items()
             if name.split("/")[0] not in THROUGHPUT_IMPLS and "bytes_per_second" not in run]
    if micro:
        print()
        print(table(["benchmark", "ns/call"], [[n, f"{ns:.1f}"] for n, ns in sorted(micro)], markdown, left=1))

    if checks:
        print()
        print("targets (over every chunking):")
        for (name, target, unit), modes in checks.items():
            for mode, values in modes.items():
                lo, hi = min(values), max(values)
                shown = (f"{lo:.0%}–{hi:.0%}" if unit == "%" else f"{lo:.1f}–{hi:.1f}×")
                verdict = "met" if lo >= target else "missed"
                worst = check_spread.get((name, target, unit), {}).get(mode, 0.0)
                if worst > NOISY_CV:
                    verdict += f"; noisy: figures spread up to {worst:.0%} between repetitions"
                print(f"  {name}, {mode}: {shown} ({verdict})")

    if errors:
        print()
        print("benchmarks that reported an error:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
    if check:
        complete = any({"memchr", "getline"} <= set(i) and ({"pull", "push"} & set(i)) for i in rows.values())
        if errors or not complete:
            print("report.py --check: " + ("errors above" if errors else "no row with ftpwire, memchr and getline"),
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
