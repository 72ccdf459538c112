#!/usr/bin/env python3
"""Plots throughput per corpus and chunk size from a Google Benchmark JSON file of ftpwire_bench.

usage: plot.py RESULTS.json OUT.png
Needs matplotlib (Debian: apt-get install python3-matplotlib, then run with /usr/bin/python3).
One panel per corpus; in each, one group of bars per chunking: ftpwire pull, ftpwire push, memchr, bitmask, getline.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (same directory)

IMPLS = [("pull", "ftpwire pull", "#1f77b4"), ("push", "ftpwire push", "#2ca02c"),
         ("memchr", "memchr (line split)", "#7f7f7f"), ("bitmask", "bare line scan (bitmask)", "#bcbd22"),
         ("getline", "getline reader", "#d62728")]


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    context, picked, _, medians, _ = report.load(argv[1])
    rows = report.throughput_rows(picked)
    corpora = []
    for corpus, _ in rows:
        if corpus not in corpora:
            corpora.append(corpus)
    if not corpora:
        print("plot.py: no throughput results in " + argv[1], file=sys.stderr)
        return 1
    fig, axes = plt.subplots(1, len(corpora), figsize=(3.2 * len(corpora), 4.5), sharey=False, squeeze=False)
    width = 0.8 / len(IMPLS)
    for ax, corpus in zip(axes[0], corpora):
        chunks = [c for (k, c) in rows if k == corpus]
        for i, (impl, label, colour) in enumerate(IMPLS):
            xs = [j + (i - (len(IMPLS) - 1) / 2) * width for j in range(len(chunks))]
            ys = [rows[(corpus, c)].get(impl, (0.0, None))[0] for c in chunks]
            ax.bar(xs, ys, width, label=label, color=colour)
        ax.set_title(corpus)
        ax.set_xticks(range(len(chunks)))
        ax.set_xticklabels(["one piece" if c == "whole" else f"{c} B" for c in chunks])
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].set_ylabel("GB/s (1e9 bytes/s)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(IMPLS), fontsize="small", frameon=False)
    fig.suptitle(f"ftpwire reply parser throughput by corpus and chunk size "
                 f"({'median of repetitions' if medians else 'single run'}, {context.get('num_cpus', '?')}-CPU "
                 f"{context.get('host_name', '')})", fontsize="medium")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(argv[2], dpi=110)
    print("wrote " + argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
