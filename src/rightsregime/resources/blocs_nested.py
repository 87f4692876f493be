"""Blocs at several scales (``blocs --nested``): stable communities across Leiden resolutions and
resamples of the votes, and how they nest (analysis/nested_blocs.py)."""
from __future__ import annotations

from ..regime.coverage import coverage_notes
from ._base import Resource


def nested_blocs(reg, *, body: str = "HRC", years=None, n_boot: int = 20, seed: int = 0,
                 min_votes: int = 20) -> Resource:
    """Communities stable across ``n_boot`` resamples of the decisions, at every resolution of a
    fixed ladder, with their parent, cohesion and core members."""
    from ..analysis import nested_blocs as nb
    from ..errors import RightsRegimeError
    from ._common import years_and_bodies

    yr, body = years_and_bodies(years, body)
    body = body or "HRC"
    votes = reg.votes(body=body, years=yr, recorded_only=True)
    if votes.empty:
        raise RightsRegimeError(f"No recorded votes for body {body} in {years or 'any year'}; "
                                "bodies with roll calls: GA, HRC, CHR.")
    where = f"{body} {yr[0]}-{yr[1]}" if yr else body
    table = nb.nested_blocs(votes, n_boot=n_boot, seed=seed, min_votes=min_votes, where=where)
    names = reg.states().set_index("iso3")["name"]
    table["core_names"] = table["core"].map(lambda c: [names.get(s, s) for s in c])
    notes = [f"Leiden at resolutions {', '.join(f'{r:g}' for r in nb.RESOLUTIONS)} on the co-voting network "
             f"(agreement above the chamber's mean); kept when the mean best Jaccard match over {n_boot} "
             f"resamples of the decisions is {nb.STABLE} or more (Hennig 2007); core members: in the "
             "match in 90% or more of the resamples.",
             "In the Council, members sit for three-year terms: states that sat at the same time share "
             "more votes, which can split the finest communities by term."]
    notes += coverage_notes(body, yr)
    return Resource(kind="nested_blocs", params={"body": body, "years": yr, "n_boot": n_boot, "seed": seed},
                    data={"body": body, "communities": table}, main="communities", notes=notes,
                    sources=["hrc-voting"] if body != "GA" else ["unvotes (Voeten)", "unga-2025-3dl"])


__all__ = ["nested_blocs"]
