"""Runs NetworkX on the network wijkverband analysed (the same edges, written
by the `netwerk_peer` example) and compares density, components, isolates,
betweenness (normalised, exact) and brokers (articulation points), then prints
both times and the ratio. The NetworkX time covers the same figures as ours."""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ours", required=True)
    p.add_argument("--actors", type=int, default=1000)
    p.add_argument("--ties", type=int, default=8000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        edges = Path(tmp) / "edges.txt"
        ours = json.loads(subprocess.run(
            [a.ours, str(a.actors), str(a.ties), str(a.seed), str(edges), str(a.runs)],
            check=True, capture_output=True, text=True).stdout)
        g = nx.Graph()
        g.add_nodes_from(range(ours["actors"]))
        g.add_edges_from(tuple(map(int, line.split())) for line in edges.read_text().splitlines())

    def analyse():
        return (
            nx.density(g),
            sorted((len(c) for c in nx.connected_components(g) if len(c) > 1), reverse=True),
            sum(1 for n in g if g.degree(n) == 0),
            nx.betweenness_centrality(g, normalized=True),
            set(nx.articulation_points(g)),
        )

    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        density, components, isolates, bc, cut = analyse()
        times.append(time.perf_counter() - t)
    theirs = statistics.median(times)
    diff = max(abs(bc[i] - ours["betweenness"][i]) for i in range(ours["actors"]))
    checks = {
        "edges": g.number_of_edges() == ours["edges"],
        "density": abs(density - ours["density"]) < 1e-12,
        "components": components == ours["components"],
        "isolates": isolates == ours["isolates"],
        "betweenness (max difference < 1e-9)": diff < 1e-9,
        "brokers": cut == set(ours["brokers"]),
    }
    print(f"network: {ours['actors']} actors, {ours['edges']} verbindingen (seed {a.seed})")
    for name, ok in checks.items():
        print(f"  same {name}: {'yes' if ok else 'NO'}")
    print(f"  largest betweenness difference: {diff:.2e}")
    mine = ours["seconds"]
    print(f"NetworkX {nx.__version__}: median {theirs * 1000:.1f} ms over {a.runs} runs "
          f"({min(times) * 1000:.1f}–{max(times) * 1000:.1f})")
    print(f"wijkverband:     median {ours['seconds_median'] * 1000:.1f} ms over {a.runs} runs "
          f"({min(mine) * 1000:.1f}–{max(mine) * 1000:.1f}; whole analysis)")
    print(f"ratio: wijkverband is {theirs / ours['seconds_median']:.0f}x faster")
    if not all(checks.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
