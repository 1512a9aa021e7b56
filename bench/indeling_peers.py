"""Runs PySAL (libpysal Queen, spopt MaxPHeuristic), GeoDa (pygeoda max-p)
and wijkverband on the same GeoJSON file and prints time, p, heterogeneity
and the ratios. Heterogeneity is computed here, the same way for every tool:
spopt's objective, the sum over regions of the pairwise cityblock distances
of the standardised variables."""

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
    return statistics.median(times), out


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
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1, help="the seed of every tool's random choices")
    ap.add_argument("--skip-spopt", action="store_true")
    ap.add_argument("--only-contiguity", action="store_true")
    a = ap.parse_args()
    variables = a.vars.split(",")

    gdf = geopandas.read_file(a.file)
    print(f"Input: {a.file}: {len(gdf)} areas; variables {', '.join(variables)}; population {a.population}\n")

    # Contiguity: libpysal Queen and GeoDa queen_weights against ours (queen, 1 µm tolerance).
    t_lib, w = timed(lambda: libpysal.weights.Queen.from_dataframe(gdf, use_index=False, silence_warnings=True), a.runs)
    lib_edges = {(i, j) for i in w.neighbors for j in w.neighbors[i] if i < j}
    geoda_in = pygeoda.open(gdf)
    t_geoda, gq = timed(lambda: pygeoda.queen_weights(geoda_in), a.runs)
    geoda_edges = {(i, j) for i in range(len(gdf)) for j in gq.get_neighbors(i) if i < j}
    mine = ours(a.ours, "contiguity", a.file, "--runs", str(a.runs * 4))
    our_edges = {tuple(e) for e in mine["edges"]}
    print("Queen contiguity (median)")
    print(f"  libpysal {libpysal.__version__:<8}{t_lib * 1000:9.1f} ms  {len(lib_edges)} pairs  {t_lib / mine['seconds']:6.1f}x ours")
    print(f"  GeoDa {pygeoda.__version__:<11}{t_geoda * 1000:9.1f} ms  {len(geoda_edges)} pairs  {t_geoda / mine['seconds']:6.1f}x ours")
    print(f"  wijkverband      {mine['seconds'] * 1000:9.1f} ms  {len(our_edges)} pairs")
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

    failed = []
    for floor in [float(f) for f in a.floors.split(",")]:
        print(f"\nMax-p, floor {floor:.0f} {a.population}")
        rows = []
        if not a.skip_spopt:
            model = MaxPHeuristic(gdf, w, std_names, a.population, floor, top_n=2, max_iterations_construction=99)
            # spopt draws from Python's and NumPy's global generators: seeded, its runs repeat.
            random.seed(a.seed)
            np.random.seed(a.seed)
            t, _ = timed(model.solve, 1)
            rows.append(("spopt MaxPHeuristic", t, model.p, heterogeneity(model.labels_, dist), contiguous(model.labels_, w)))
        for name, f in [("GeoDa maxp_greedy", pygeoda.maxp_greedy), ("GeoDa maxp_sa", pygeoda.maxp_sa), ("GeoDa maxp_tabu", pygeoda.maxp_tabu)]:
            t, res = timed(lambda: f(gw, gdata, bound_variable=bound, min_bound=floor, distance_method="manhattan",
                                     random_seed=a.seed), 1)
            labels = np.asarray(res["Clusters"])
            rows.append((name, t, len(np.unique(labels)), heterogeneity(labels, dist), contiguous(labels, w)))
        mine = ours(a.ours, "maxp", a.file, "--min", str(floor), "--vars", a.vars, "--population", a.population, "--runs", "3",
                    "--seed", str(a.seed))
        rows.append(("wijkverband", mine["seconds"], mine["p"], heterogeneity(mine["labels"], dist), contiguous(mine["labels"], w)))
        ours_t = mine["seconds"]
        print(f"  {'tool':<22}{'time (s)':>10}{'p':>6}{'heterogeneity':>16}  contiguous  time ratio")
        for name, t, p, het, ok in rows:
            print(f"  {name:<22}{t:10.3f}{p:6d}{het:16.1f}  {'yes' if ok else 'NO':<10}  {t / ours_t:8.1f}x")
        if not rows[-1][4]:
            failed.append(f"floor {floor:.0f}: a region of ours is not contiguous")
    if failed:
        print("\nFAILED: " + "; ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
