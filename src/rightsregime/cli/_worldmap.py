"""A world map drawn offline with matplotlib, from the country outlines that the PyPI package
``pygal_maps_world`` ships (``worldmap.svg``, LGPL-3.0+; one ``<g class="<iso2> country">`` per
country, paths in relative SVG commands m, l, h, v, c, s). Nothing is downloaded at run time.

The SVG is parsed here into matplotlib paths once per process; the projection is the package's own
(a Robinson-like equal-looking projection in SVG pixel units, y downwards).
"""
from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[mlhvcsMLHVCSzZ]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "z": 0}


def _svg_text() -> str:
    from importlib import resources

    return resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")


def parse_path(d: str):
    """Vertices and codes of an SVG path ``d`` (m, l, h, v, c, s, z; relative or absolute)."""
    from matplotlib.path import Path

    tokens = _TOKEN.findall(d)
    verts, codes = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    last_ctrl = None
    cmd = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            cmd = tok
            i += 1
            if cmd in "zZ":
                verts.append(start)
                codes.append(Path.CLOSEPOLY)
                x, y = start
                continue
        n = _ARITY[cmd.lower()]
        args = [float(t) for t in tokens[i:i + n]]
        i += n
        rel = cmd.islower()
        c = cmd.lower()
        if c == "m":
            x, y = (x + args[0], y + args[1]) if rel else (args[0], args[1])
            start = (x, y)
            verts.append((x, y))
            codes.append(Path.MOVETO)
            cmd = "l" if rel else "L"  # further pairs after m are lines
            last_ctrl = None
        elif c in "lhv":
            if c == "l":
                x, y = (x + args[0], y + args[1]) if rel else (args[0], args[1])
            elif c == "h":
                x = x + args[0] if rel else args[0]
            else:
                y = y + args[0] if rel else args[0]
            verts.append((x, y))
            codes.append(Path.LINETO)
            last_ctrl = None
        else:
            if c == "c":
                pts = [(args[k] + (x if rel else 0), args[k + 1] + (y if rel else 0)) for k in (0, 2, 4)]
            else:  # s: first control point is the reflection of the previous one
                c1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl else (x, y)
                pts = [c1] + [(args[k] + (x if rel else 0), args[k + 1] + (y if rel else 0)) for k in (0, 2)]
            verts.extend(pts)
            codes.extend([Path.CURVE4] * 3)
            last_ctrl = pts[1]
            x, y = pts[2]
    return Path(verts, codes)


@lru_cache(maxsize=1)
def country_paths() -> dict:
    """ISO2 (upper case) -> list of matplotlib paths."""
    text = _svg_text()
    out: dict[str, list] = {}
    for m in re.finditer(r'<g class="([a-z]{2}) country[^"]*">(.*?)</g>', text, re.S):
        out[m.group(1).upper()] = [parse_path(d) for d in re.findall(r' d="([^"]+)"', m.group(2))]
    return out


def draw_world(ax, colours: dict[str, str], default: str = "#dddddd", edge: str = "white") -> set[str]:
    """Fill each country (keyed by ISO2) with its colour on ``ax``; returns the ISO2 codes drawn."""
    from matplotlib.patches import PathPatch

    paths = country_paths()
    for iso2, plist in paths.items():
        for p in plist:
            ax.add_patch(PathPatch(p, facecolor=colours.get(iso2, default), edgecolor=edge, linewidth=0.3))
    ax.set_xlim(0, 2475)
    ax.set_ylim(1388, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    return set(paths)
