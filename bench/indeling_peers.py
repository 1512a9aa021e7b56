"""Runs PySAL (libpysal Queen, spopt MaxPHeuristic), GeoDa (pygeoda max-p)
and wijkverband on the same GeoJSON file and prints time, p, heterogeneity
and the ratios. Heterogeneity is computed here, the same way for every tool:
spopt's objective, the sum over regions of the pairwise cityblock distances
of the standardised variables.

Times are the median (and range) of --runs runs for wijkverband, GeoDa's
greedy max-p (or --greedy-runs) and the contiguity; spopt and GeoDa's SA and tabu search run
--slow-runs times (spopt takes minutes; all are seeded, so p and
heterogeneity repeat). The script exits non-zero when wijkverband's plan is
not contiguous in libpysal's exact queen graph, not the same on every run,
has a smaller p than a peer, a larger heterogeneity than spopt at equal p,
or is less than 10x faster than GeoDa's greedy max-p."""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time

import geopandas
import libpysal
import numpy as np
import pygeoda
from scipy.spatial.distance import pdist, squareform
from spopt.region import MaxPHeuristic


def timed(f, runs):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return times, out


def spread(times, unit=1.0, digits=3):
    """The median and, over more than one run, the range."""
    med = statistics.median(times) * unit
    if len(times) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} ({min(times) * unit:.{digits}f}-{max(times) * unit:.{digits}f})"


def heterogeneity(labels, dist):
    labels = np.asarray(labels)
    total = 0.0
    for r in np.unique(labels):
        idx = np.flatnonzero(labels == r)
        total += dist[np.ix_(idx, idx)].sum() / 2
    return total


def contiguous(labels, w):
    labels = np.asarray(labels)
    for r in np.unique(labels):
        idx = set(np.flatnonzero(labels == r).tolist())
        start = next(iter(idx))
        seen, stack = {start}, [start]
        while stack:
            a = stack.pop()
            for b in w.neighbors[a]:
                if b in idx and b not in seen:
                    seen.add(b)
                    stack.append(b)
        if seen != idx:
            return False
    return True


def classify(gdf, pairs):
    """Why two areas are, or are not, neighbours: what their outlines share."""
    kinds = {}
    for i, j in pairs:
        a, b = gdf.geometry.iloc[i], gdf.geometry.iloc[j]
        shared = a.intersection(b)
        if shared.area > 0:
            kind = f"overlap in a sliver ({shared.area:.3g} of the map's units², no shared vertex)"
        elif shared.length > 0:
            kind = "a shared segment"
        elif not shared.is_empty:
            kind = "a shared vertex"
        else:
            kind = f"apart, within the tolerance ({a.distance(b):.2g} of the map's units)"
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def ours(binary, *args):
    out = subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--ours", required=True)
    ap.add_argument("--floors", default="5000,10000,20000")
    ap.add_argument("--vars", default="P_00_14_JR,P_65_EO_JR,P_EENP_HH,P_N_W_AL")
    ap.add_argument("--population", default="AANT_INW")
    ap.add_argument("--runs", type=int, default=5, help="runs of wijkverband, GeoDa's greedy max-p and the contiguity")
    ap.add_argument("--greedy-runs", type=int, help="runs of GeoDa's greedy max-p, if not --runs (on large inputs it takes minutes)")
    ap.add_argument("--slow-runs", type=int, default=1, help="runs of spopt and of GeoDa's SA and tabu search")
    ap.add_argument("--seed", type=int, default=1, help="the seed of every tool's random choices")
    ap.add_argument("--peers", default="spopt,greedy,sa,tabu",
                    help="which max-p peers to run: spopt, GeoDa's greedy, sa and tabu (on the NL-sized input each takes long)")
    ap.add_argument("--only-contiguity", action="store_true")
    a = ap.parse_args()
    peers_wanted = a.peers.split(",")
    unknown = set(peers_wanted) - {"spopt", "greedy", "sa", "tabu"}
    if unknown:
        ap.error(f"--peers: unknown {', '.join(sorted(unknown))}; choose from spopt, greedy, sa, tabu")
    variables = a.vars.split(",")

    gdf = geopandas.read_file(a.file)
    print(f"Input: {a.file}: {len(gdf)} areas; variables {', '.join(variables)}; population {a.population}\n")

    # Contiguity: libpysal Queen and GeoDa queen_weights against ours (queen, 1 µm tolerance).
    t_lib, w = timed(lambda: libpysal.weights.Queen.from_dataframe(gdf, use_index=False, silence_warnings=True), a.runs)
    lib_edges = {(i, j) for i in w.neighbors for j in w.neighbors[i] if i < j}
    geoda_in = pygeoda.open(gdf)
    t_geoda, gq = timed(lambda: pygeoda.queen_weights(geoda_in), a.runs)
    geoda_edges = {(i, j) for i in range(len(gdf)) for j in gq.get_neighbors(i) if i < j}
    mine = ours(a.ours, "contiguity", a.file, "--runs", str(a.runs))
    our_edges = {tuple(e) for e in mine["edges"]}
    t_ours = mine["times"]
    med = statistics.median
    print(f"Queen contiguity, ms: median (range) of {a.runs} runs")
    print(f"  libpysal {libpysal.__version__:<8}{spread(t_lib, 1000, 1):>22}  {len(lib_edges)} pairs  {med(t_lib) / med(t_ours):6.1f}x ours")
    print(f"  GeoDa {pygeoda.__version__:<11}{spread(t_geoda, 1000, 1):>22}  {len(geoda_edges)} pairs  {med(t_geoda) / med(t_ours):6.1f}x ours")
    print(f"  wijkverband      {spread(t_ours, 1000, 1):>22}  {len(our_edges)} pairs")
    for name, theirs in [("libpysal", lib_edges), ("GeoDa", geoda_edges)]:
        only_ours, only_theirs = our_edges - theirs, theirs - our_edges
        if not only_ours and not only_theirs:
            print(f"  edge sets: ours and {name}'s are equal")
            continue
        print(f"  edge sets: {len(only_ours)} pairs only ours, {len(only_theirs)} only {name}'s:")
        for side, pairs in [("only ours", only_ours), (f"only {name}", only_theirs)]:
            for kind, n in sorted(classify(gdf, pairs).items()):
                print(f"    {side}: {n} × {kind}")

    if a.only_contiguity:
        return
    x = gdf[variables].to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    std_names = [f"z_{v}" for v in variables]
    for k, v in enumerate(std_names):
        gdf[v] = z[:, k]
    dist = squareform(pdist(z, metric="cityblock"))
    geoda = pygeoda.open(gdf)
    gw = pygeoda.queen_weights(geoda)
    gdata = geoda[std_names]
    bound = geoda[a.population]

    geoda_solvers = [("greedy", "GeoDa maxp_greedy", pygeoda.maxp_greedy, a.greedy_runs or a.runs),
                     ("sa", "GeoDa maxp_sa", pygeoda.maxp_sa, a.slow_runs), ("tabu", "GeoDa maxp_tabu", pygeoda.maxp_tabu, a.slow_runs)]
    failed = []
    for floor in [float(f) for f in a.floors.split(",")]:
        print(f"\nMax-p, floor {floor:.0f} {a.population}; time in s: median (range)")
        print(f"  {'tool':<22}{'time (s)':>26}{'p':>6}{'heterogeneity':>16}  contiguous", flush=True)
        mine = ours(a.ours, "maxp", a.file, "--min", str(floor), "--vars", a.vars, "--population", a.population,
                    "--runs", str(a.runs), "--seed", str(a.seed))
        het = heterogeneity(mine["labels"], dist)
        rows = []

        def show(name, t, p, h, ok):
            rows.append((name, t, p, h, ok))
            print(f"  {name:<22}{spread(t):>26}{p:6d}{h:16.1f}  {'yes' if ok else 'NO':<10}", flush=True)

        show("wijkverband", mine["times"], mine["p"], het, contiguous(mine["labels"], w))
        if "spopt" in peers_wanted:
            model = MaxPHeuristic(gdf, w, std_names, a.population, floor, top_n=2, max_iterations_construction=99)

            def solve():
                # spopt draws from Python's and NumPy's global generators: seeded, its runs repeat.
                random.seed(a.seed)
                np.random.seed(a.seed)
                model.solve()

            t, _ = timed(solve, a.slow_runs)
            show("spopt MaxPHeuristic", t, model.p, heterogeneity(model.labels_, dist), contiguous(model.labels_, w))
        for key, name, f, runs in geoda_solvers:
            if key not in peers_wanted:
                continue
            t, res = timed(lambda: f(gw, gdata, bound_variable=bound, min_bound=floor, distance_method="manhattan",
                                     random_seed=a.seed), runs)
            labels = np.asarray(res["Clusters"])
            show(name, t, len(np.unique(labels)), heterogeneity(labels, dist), contiguous(labels, w))
        ours_t = statistics.median(mine["times"])
        for name, t, *_ in rows[1:]:
            print(f"  {name} took {statistics.median(t) / ours_t:.1f}x as long as wijkverband")
        peers = rows[1:]
        where = f"floor {floor:.0f}"
        if not rows[0][4]:
            failed.append(f"{where}: a region of ours is not contiguous")
        if not mine["deterministic"]:
            failed.append(f"{where}: our runs with one seed gave different plans")
        if peers:
            best = max(peers, key=lambda r: r[2])
            if mine["p"] < best[2]:
                failed.append(f"{where}: our p {mine['p']} < {best[0]}'s {best[2]}")
        spopt = [r for r in peers if r[0].startswith("spopt") and r[2] == mine["p"]]
        if spopt and het > spopt[0][3] + 1e-6:
            failed.append(f"{where}: our heterogeneity {het:.1f} > spopt's {spopt[0][3]:.1f} at equal p")
        greedy = [r for r in peers if r[0] == "GeoDa maxp_greedy"]
        if greedy and statistics.median(greedy[0][1]) < 10 * ours_t:
            failed.append(f"{where}: less than 10x faster than GeoDa's greedy max-p")
    if failed:
        print("\nFAILED: " + "; ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
