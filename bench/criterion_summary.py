"""Prints the last `cargo bench` results as the README's table rows: per benchmark
the median and the range of its samples' time per iteration (each sample of
criterion is the mean of many iterations), and the number of samples.

    python3 bench/criterion_summary.py [target/criterion]
"""

import json
import pathlib
import statistics
import sys


def ms(ns):
    v = ns / 1e6
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    found = sorted(root.glob("**/new/benchmark.json"))
    if not found:
        sys.exit(f"no benchmark results under {root}: run cargo bench first")
    for bench in found:
        title = json.loads(bench.read_text())["full_id"]
        sample = json.loads((bench.parent / "sample.json").read_text())
        per_iter = [t / i for t, i in zip(sample["times"], sample["iters"])]
        print(f"| {title} | {ms(statistics.median(per_iter))} ms ({ms(min(per_iter))}–{ms(max(per_iter))}), "
              f"{len(per_iter)} samples |")


if __name__ == "__main__":
    main()
