"""A world map of states coloured by a category, drawn offline.

The outlines come from the ``pygal_maps_world`` package (an SVG of country paths keyed by ISO 3166
alpha-2 code; LGPL-3.0), read from site-packages: no CDN and no download at run time.
"""
from __future__ import annotations

import functools
import re
from html import escape
from importlib import resources

_GROUP = re.compile(r'<g class="([a-z]{2}) country map-element">(.*?)</g>', re.S)


@functools.lru_cache(maxsize=1)
def _outlines() -> tuple[str, dict[str, str]]:
    text = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    viewbox = re.search(r'viewBox="([^"]+)"', text).group(1)
    return viewbox, {iso2.upper(): body for iso2, body in _GROUP.findall(text)}


def draw(categories: dict[str, str], colours: dict[str, str], *, iso2_of: dict[str, str], title: str,
         legend: list[tuple[str, str, int]], credit: str, missing: str = "#eeeeee") -> bytes:
    """SVG map: state (ISO3) -> category -> colour; ``legend`` rows are (label, colour, count)."""
    viewbox, paths = _outlines()
    x0, y0, w, h = (float(v) for v in viewbox.split())
    by_iso2 = {iso2_of[c]: cat for c, cat in categories.items() if c in iso2_of}
    names = {v: k for k, v in iso2_of.items()}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0} {y0 - 90} {w} {h + 190}" '
             f'role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="10" y="{y0 - 40}" font-family="sans-serif" font-size="44">{escape(title)}</text>']
    for iso2, body in paths.items():
        cat = by_iso2.get(iso2)
        fill = colours.get(cat, missing) if cat else missing
        label = f"{names.get(iso2, iso2)}: {cat}" if cat else iso2
        parts.append(f'<g fill="{fill}" stroke="#ffffff" stroke-width="0.6"><title>{escape(label)}</title>'
                     f'{body}</g>')
    y = y0 + h + 20
    x = 10.0
    for label, colour, n in legend:
        parts.append(f'<rect x="{x}" y="{y}" width="34" height="34" fill="{colour}" stroke="#999"/>'
                     f'<text x="{x + 44}" y="{y + 28}" font-family="sans-serif" font-size="30">'
                     f'{escape(label)} ({n})</text>')
        x += 90 + 18 * len(label) + 18 * len(str(n))
    parts.append(f'<text x="10" y="{y + 80}" font-family="sans-serif" font-size="24" fill="#555">'
                 f'{escape(credit)}</text></svg>')
    return "".join(parts).encode()
