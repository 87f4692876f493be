"""Measures on the voting record: pure functions of DataFrames (the canonical ``votes`` frame).

- :mod:`.alignment`: dyadic agreement (share of identical positions; Lijphart/Voeten index),
  nearest and farthest partners, agreement with focal states over time.
- :mod:`.cohesion`: Hix-Noury-Roland cohesion of a group, members' defections.
- :mod:`.changepoints`: shifts in a state's alignment with a focal state or group.
- :mod:`.blocs`: co-voting networks, Leiden communities followed across periods.
- :mod:`.leadership`: main sponsorship of texts and how they fared.
- :mod:`.ideal_points`: dynamic ordinal IRT ideal points (``IdealPoints``).
- :mod:`.forecast`: the whip count, members' votes on a draft (``VoteForecaster``), the tally and
  P(adoption); its backtest in :mod:`._backtest`.

Names are imported lazily, so ``import rightsregime.analysis`` stays cheap and a module still in
progress does not break the others.
"""
from __future__ import annotations

import importlib

_EXPORTS: dict[str, str] = {
    # alignment
    "slice_votes": "alignment", "position_matrix": "alignment", "agreement_matrix": "alignment",
    "focal_agreement": "alignment", "partners": "alignment", "dyad": "alignment",
    "plurality_positions": "alignment", "Agreement": "alignment", "PositionMatrix": "alignment",
    # cohesion
    "hnr_index": "cohesion", "group_cohesion": "cohesion", "defections": "cohesion",
    "decision_cohesion": "cohesion", "member_spells": "cohesion", "spells_from_list": "cohesion",
    "resolve_group": "cohesion",
    # change points
    "agreement_scores": "changepoints", "change_points": "changepoints", "alignment_shifts": "changepoints",
    # blocs
    "find_blocs": "blocs", "split_periods": "blocs", "Blocs": "blocs",
    # leadership
    "parse_sponsors": "leadership", "sponsorships": "leadership", "led_texts": "leadership",
    "leadership_by_year": "leadership", "top_sponsors": "leadership", "co_sponsors": "leadership",
    "cosponsorship_pairs": "leadership",
    # ideal points (analysis/ideal_points.py, analysis/_base.py: owned by the ideal-points work)
    "IdealPoints": "ideal_points", "correlation_with_reference": "ideal_points",
    "ConvergenceWarning": "_base",
    # forecast (analysis/forecast.py, analysis/_features.py, analysis/_backtest.py)
    "VoteForecaster": "forecast", "MultinomialLogit": "forecast", "Draft": "forecast",
    "forecast_draft": "forecast", "tally_distribution": "forecast",
    "adoption_probability": "forecast", "expected_tally": "forecast", "swing_members": "forecast",
    "backtest": "_backtest",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rightsregime.analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
