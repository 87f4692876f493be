"""The figures quoted in docs/analysis.md are the figures the commands print now (issue 9: the
documentation gave a GA shift of 1975 +0.094 while the command printed 1977 +0.068).

Each test computes a figure through the same resource the command renders and looks for it, as
the document writes it, in docs/analysis.md: a change in the data or the method that moves a
figure fails here until the text is rerun and corrected.
"""
from __future__ import annotations

from pathlib import Path

import pytest

DOC = (Path(__file__).resolve().parents[1] / "docs" / "analysis.md").read_text(encoding="utf-8")
TEXT = " ".join(DOC.split())  # the document's line breaks do not matter


def _quoted(fragment: str) -> None:
    assert fragment in TEXT, f"docs/analysis.md should say {fragment!r} (what the command prints now)"


def test_align_figures_match(reg):
    """`rightsregime align CHN --body HRC`: China's index with Russia, Cuba and the United States
    and its shared votes (Lijphart index; HRC record 2006-2026)."""
    from rightsregime.resources import alignment as res

    r = res.align(reg, "CHN", body="HRC", n=200, min_common=20)
    rows = r["nearest"].set_index("partner")
    far = r["farthest"].set_index("partner")
    for code, name in (("RUS", "Russia"), ("CUB", "Cuba")):
        _quoted(f"{rows.at[code, 'index']:.3f} with {name} ({int(rows.at[code, 'n_common'])}")
    _quoted(f"{far.at['USA', 'index']:.3f} with the United States ({int(far.at['USA', 'n_common'])})")


def test_cohesion_figures_match(reg):
    """`rightsregime cohesion GROUP --body HRC --by all`: the Hix-Noury-Roland index of each
    regional group and the OIC over the whole HRC record, and Albania's defection rate."""
    from rightsregime.resources import alignment as res

    for group, label in (("EU", "EU"), ("WEOG", "WEOG"), ("EEG", "Eastern European Group"),
                         ("OIC", "OIC"), ("GRULAC", "GRULAC"), ("AFRICAN", "African Group"),
                         ("APG", "Asia-Pacific")):
        value = res.cohesion(reg, group, body="HRC", by="all")["cohesion"]["cohesion"].iat[0]
        _quoted(f"{label} {value:.3f}")
    oic = res.cohesion(reg, "OIC", body="HRC", by="all")["defections"].set_index("iso3")
    _quoted(f"Albania defects from the OIC plurality on {oic.at['ALB', 'defection_rate']:.0%}")


@pytest.mark.parametrize("body, focal, year", [("HRC", "EU", 2014), ("GA", "EU", 1977)])
def test_shift_figures_match(reg, body, focal, year):
    """`rightsregime shifts CHN --against EU --body HRC|GA` (seed 0, 1,000 replicates): the year,
    the size of the shift and its 90% interval as the document quotes them."""
    from rightsregime.resources import alignment as res

    changes = res.shifts(reg, "CHN", against=focal, body=body)["changes"].set_index("year")
    assert year in changes.index, f"the command no longer finds a change in {year}"
    c = changes.loc[year]
    _quoted(f"{c['shift_lower']:+.3f} to {c['shift_upper']:+.3f}")
    if body == "HRC":
        _quoted(f"from {c['before']:.3f} ({c['years_before']}")
        _quoted(f"support {c['support']:.2f}")
    else:
        _quoted(f"{year} ({c['shift']:+.3f}, 90%")


def test_bloc_figures_match(reg):
    """`rightsregime blocs --body CHR --years 1998-2005`: states, votes, modularity and each
    bloc's size and cohesion."""
    from rightsregime.resources import alignment as res

    result = res.blocs(reg, body="CHR", years="1998-2005").result
    p = result.periods.iloc[0]
    _quoted(f"1998-2005 ({p['n_states']} states, {p['n_decisions']} votes, modularity {p['modularity']:.2f})")
    for b in result.blocs.itertuples(index=False):
        _quoted(f"{b.lineage}, {b.size} states, cohesion {b.cohesion:.2f}")
