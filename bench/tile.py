"""Makes a larger input for the max-p and contiguity benchmarks by tiling the
province of Utrecht: COLS × ROWS mirrored copies of its buurten, so that the
copies meet. Each copy is the previous one reflected in its outer edge (its
largest x, or largest y for the next row); the vertices on that edge map onto
themselves, exactly, so neighbouring copies share a vertex and the whole is one
connected region, as a real province or country is. Codes get a suffix per
copy; all other properties are the province's own (Bron: CBS, Kadaster).

    python bench/tile.py IN.geojson COLS ROWS OUT.geojson
"""

import json
import sys


def main():
    src, cols, rows, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    features = json.load(open(src))["features"]

    def rings(geom):
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        return [ring for poly in polys for ring in poly]

    points = [pt for f in features for ring in rings(f["geometry"]) for pt in ring]
    edge_x, edge_y = max(p[0] for p in points), max(p[1] for p in points)
    far_x, far_y = min(p[0] for p in points), min(p[1] for p in points)

    def mirror(geom, axis, edge):
        def ring(r):
            flipped = [[2 * edge - p[0], p[1]] if axis == 0 else [p[0], 2 * edge - p[1]] for p in r]
            return flipped[::-1]  # a reflection reverses the winding; reverse it back

        if geom["type"] == "Polygon":
            return {"type": "Polygon", "coordinates": [ring(r) for r in geom["coordinates"]]}
        return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in geom["coordinates"]]}

    tiled = []
    row_start = [f["geometry"] for f in features]
    ex_y, fy = edge_y, far_y
    for row in range(rows):
        geoms, ex_x, fx = row_start, edge_x, far_x
        for col in range(cols):
            for f, g in zip(features, geoms):
                props = dict(f["properties"])
                for key in ("BU_CODE", "WK_CODE", "GM_CODE"):
                    if key in props:
                        props[key] = f"{props[key]}_{row}_{col}"
                tiled.append({"type": "Feature", "properties": props, "geometry": g})
            # The next copy: this one reflected in its outer x edge, where its far side is now.
            geoms = [mirror(g, 0, ex_x) for g in geoms]
            ex_x, fx = 2 * ex_x - fx, ex_x
        row_start = [mirror(g, 1, ex_y) for g in row_start]
        ex_y, fy = 2 * ex_y - fy, ex_y
    json.dump({"type": "FeatureCollection", "features": tiled}, open(out, "w"))
    print(f"{out}: {len(tiled)} buurten, {cols} × {rows} copies of {src}")


if __name__ == "__main__":
    main()
