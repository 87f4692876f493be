"""Commands over the voting record: align, cohesion, shifts, blocs, leadership.

Each is a thin layer over ``rightsregime.analysis``: read the slice from the warehouse, call the
measure, print a table (or ``--json``), draw a chart (``--chart``).
"""
from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer
from rich.table import Table

from ..errors import RightsRegimeError, UnknownState
from . import app
from ._options import ChartOption, DbOption, JsonOption, console, emit_json, open_regime, save_chart

BodyOption = Annotated[Optional[str], typer.Option("--body", help="GA, HRC or CHR (default: all bodies).")]
YearsOption = Annotated[Optional[str], typer.Option("--years", help="A year or a range, e.g. 1998-2005.")]
SubjectOption = Annotated[Optional[str], typer.Option(
    "--subject", help="Only decisions whose subject tags or title contain this text (e.g. 'Human rights').")]
KindOption = Annotated[Optional[str], typer.Option(
    "--kind", help="Only texts of this kind: resolution, decision, amendment, motion (comma-separated).")]
DEFAULT_FOCAL = ("USA", "CHN", "RUS")


def _fmt(x, digits: int = 3) -> str:
    return "" if x is None or pd.isna(x) else f"{x:.{digits}f}"


def _cell(x, digits: int = 3) -> str:
    """A table cell: blank for missing, rounded floats, anything else as text."""
    if x is None or (not isinstance(x, (list, str)) and pd.isna(x)):
        return ""
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def _figure(width=8, height=4.5):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height))


def _plot_periods(ax, long: pd.DataFrame, value: str, series: str | None) -> None:
    """One line per series over a shared, ordered period axis (gaps stay gaps)."""
    wide = long.pivot_table(index="period", columns=series, values=value, aggfunc="first") if series \
        else long.set_index("period")[[value]]
    wide = wide.sort_index()
    x = range(len(wide))
    for col in wide.columns:
        ax.plot(x, wide[col].to_numpy(dtype=float), marker="o", label=str(col))
    step = max(1, len(wide) // 25)
    ax.set_xticks(list(x)[::step], [str(p) for p in wide.index][::step], rotation=90)
    if series:
        ax.legend()


def _state(reg, query: str) -> str:
    return reg.lookup_state(query)


def _groups_and_members(reg):
    groups = reg.groups()
    members = reg.group_members()
    return groups, members


def _group_spells(reg, name: str):
    """Spells (iso3, since, until) for a group typed by the user, or for 'A,B,C'."""
    from ..analysis.cohesion import member_spells, resolve_group, spells_from_list

    if "," in name:
        return name, spells_from_list(_state(reg, s) for s in name.split(",") if s.strip())
    groups, members = _groups_and_members(reg)
    gid = resolve_group(name, groups)
    return gid, member_spells(members, gid)


def lean_votes(reg, body=None, years=None, subject=None, kind=None) -> pd.DataFrame:
    """The columns the measures need, without titles or ordering: several times faster than
    ``reg.votes()`` on the whole GA record. Subject matches the subject tags or the title."""
    clauses, params = [], []
    if body:
        bodies = [b.strip().upper() for b in body.split(",")]
        clauses.append(f"d.body_id IN ({', '.join('?' * len(bodies))})")
        params += bodies
    if years:
        clauses.append("d.year BETWEEN ? AND ?")
        params += list(years)
    if kind:
        kinds = [k.strip().lower() for k in kind.split(",")]
        clauses.append(f"d.kind IN ({', '.join('?' * len(kinds))})")
        params += kinds
    if subject:
        clauses.append("(d.subjects ILIKE ? OR d.title ILIKE ?)")
        params += [f"%{subject}%", f"%{subject}%"]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return reg.sql(f"""SELECT v.decision_id, v.iso3, v.position, d.body_id, d.symbol, d.date, d.year, d.kind
                       FROM votes v JOIN decisions d USING (decision_id) {where}""", params)


def _slice(reg, body, years, subject=None, kind=None):
    from ..analysis.alignment import describe_slice, parse_years

    yr = parse_years(years)
    votes = lean_votes(reg, body, yr, subject, kind)
    return votes, yr, describe_slice(body, yr, subject, kind)


def _expand_focal(reg, votes, names: list[str], exclude: str | None = None):
    """Resolve --with/--against entries: a state code or name, or a group (compared through the
    group's plurality position as the pseudo-state '[GROUP]'; ``exclude``, the state being compared,
    is left out of its own group's plurality)."""
    from ..analysis.alignment import with_group_as_state
    from ..analysis.cohesion import member_spells, resolve_group

    codes = []
    for name in names:
        try:
            codes.append(_state(reg, name))
            continue
        except UnknownState as exc:
            state_error = exc
        groups, members = _groups_and_members(reg)
        try:
            gid = resolve_group(name, groups)
        except RightsRegimeError:
            raise state_error from None
        code = f"[{gid}]"
        group = [m for m in member_spells(members, gid)["iso3"] if m != exclude]
        votes = with_group_as_state(votes, group, code)
        codes.append(code)
    return votes, codes


# -- align ---------------------------------------------------------------------------------------
@app.command()
def align(
    state: Annotated[str, typer.Argument(help="State: ISO3 code or name (CHN, 'China').")],
    body: BodyOption = None,
    years: YearsOption = None,
    by: Annotated[str, typer.Option("--by", help="Periods: year, decade, a number of years, or all.")] = "year",
    with_: Annotated[Optional[str], typer.Option(
        "--with", help="Partners to follow over time, comma-separated (states or groups such as EU); "
        "default USA, CHN, RUS.")] = None,
    subject: SubjectOption = None,
    kind: KindOption = None,
    n: Annotated[int, typer.Option("--n", help="Nearest and farthest partners to list.")] = 10,
    min_common: Annotated[int, typer.Option("--min-common", help="Fewest shared votes for a pair to count.")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """Agreement of a state with every other: nearest and farthest partners, and agreement with
    chosen partners per period (Lijphart/Voeten index: abstention counts as half agreement)."""
    from ..analysis.alignment import focal_agreement, partners

    reg = open_regime(db)
    code = _state(reg, state)
    votes, yr, where = _slice(reg, body, years, subject, kind)
    ranked = partners(votes, code, n=n, min_common=min_common, where=where)
    wanted = [w.strip() for w in with_.split(",")] if with_ else [f for f in DEFAULT_FOCAL if f != code]
    votes, focal = _expand_focal(reg, votes, wanted, exclude=code)
    period_by = None if by == "all" else (int(by) if by.isdigit() else by)
    series = focal_agreement(votes, code, by=period_by, partners=focal, where=where)
    if json:
        emit_json({"state": code, "slice": {"body": body, "years": yr, "subject": subject, "kind": kind},
                   "measure": "index = (identical + half agreements / 2) / shared votes (Lijphart 1963; Voeten)",
                   "nearest": ranked["nearest"].to_dict("records"), "farthest": ranked["farthest"].to_dict("records"),
                   "series": series.to_dict("records")})
    else:
        for side in ("nearest", "farthest"):
            t = Table(title=f"{code}: {side} partners, {where}")
            for col in ("partner", "shared votes", "identical", "index"):
                t.add_column(col, justify="left" if col == "partner" else "right")
            for r in ranked[side].itertuples(index=False):
                t.add_row(r.partner, str(r.n_common), _fmt(r.identical), _fmt(r.index))
            console.print(t)
        wide = series.pivot(index="period", columns="partner", values="index")
        t = Table(title=f"{code}: agreement index by {by}")
        t.add_column("period")
        for p in wide.columns:
            t.add_column(str(p), justify="right")
        for period, row in wide.iterrows():
            t.add_row(str(period), *(_fmt(v) for v in row))
        console.print(t)
    if chart:  # issue 9: the shared newspaper chart (real year axis, votes per point, full names)
        from ..charts import time_series
        from .questions import write_chart as save

        names = {p: (reg.resolver.name_of(p) if not p.startswith("[") else f"{p[1:-1]} (plurality)")
                 for p in series["partner"].unique()}
        save(time_series(series.rename(columns={"period": "year"}), y="index", series="partner", n="n_common",
                         names=names, title=f"{reg.resolver.name_of(code)}: agreement, {where}",
                         ylabel="agreement index", ylim=(0, 1), n_label="shared votes (max)",
                         sources="unvotes (Voeten), hrc-voting, unga-2025-3dl"), chart)


# -- cohesion ------------------------------------------------------------------------------------
@app.command()
def cohesion(
    group: Annotated[str, typer.Argument(help="Group (OIC, EU, AFRICAN, NAM, G77, ...) or states 'CHN,RUS,CUB'.")],
    body: BodyOption = None,
    years: YearsOption = None,
    by: Annotated[str, typer.Option("--by", help="Periods: year, decade, a number of years, or all.")] = "year",
    subject: SubjectOption = None,
    kind: KindOption = None,
    top: Annotated[int, typer.Option("--top", help="Members with the most defections to list.")] = 10,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """Cohesion of a group (Hix-Noury-Roland agreement index) per period, and its members' defection
    rates (votes against the group's plurality)."""
    from ..analysis.cohesion import defections, group_cohesion as measure

    reg = open_regime(db)
    gid, spells = _group_spells(reg, group)
    votes, yr, where = _slice(reg, body, years, subject, kind)
    period_by = None if by == "all" else (int(by) if by.isdigit() else by)
    table = measure(votes, spells, by=period_by, where=where)
    defect = defections(votes, spells)
    if json:
        emit_json({"group": gid, "members": sorted(spells["iso3"].unique()),
                   "slice": {"body": body, "years": yr, "subject": subject, "kind": kind},
                   "measure": "Hix-Noury-Roland agreement index (2005)",
                   "cohesion": table.to_dict("records"), "defections": defect.to_dict("records")})
    else:
        t = Table(title=f"Cohesion of {gid}, {where}")
        for col in table.columns:
            t.add_column(col, justify="left" if col in ("period", "body_id") else "right")
        for r in table.itertuples(index=False):
            t.add_row(*(_cell(v) for v in r))
        console.print(t)
        t = Table(title=f"Defections from {gid}'s plurality")
        for col in ("state", "votes", "defections", "rate"):
            t.add_column(col, justify="left" if col == "state" else "right")
        for r in defect.head(top).itertuples(index=False):
            t.add_row(r.iso3, str(r.n_votes), str(r.n_defections), _fmt(r.defection_rate))
        console.print(t)
    if chart:  # issue 9: the shared newspaper chart (real year axis, decisions per point)
        from ..charts import time_series
        from .questions import write_chart as save

        save(time_series(table.rename(columns={"period": "year"}), y="cohesion",
                         series="body_id" if "body_id" in table else None, n="n_decisions",
                         title=f"Cohesion of {gid}, {where}", ylabel="agreement index (Hix-Noury-Roland)",
                         ylim=(0, 1), n_label="decisions", sources="unvotes (Voeten), hrc-voting, un-groups-blocs"),
             chart)


# -- shifts --------------------------------------------------------------------------------------
@app.command()
def shifts(
    state: Annotated[str, typer.Argument(help="State whose alignment may have shifted (ISO3 or name).")],
    against: Annotated[str, typer.Option("--against", help="Focal states or groups, comma-separated (USA, EU).")],
    body: BodyOption = None,
    years: YearsOption = None,
    subject: SubjectOption = None,
    max_changes: Annotated[int, typer.Option("--max-changes", help="Most change points to report.")] = 3,
    min_years: Annotated[int, typer.Option("--min-years", help="Fewest years on each side of a change.")] = 2,
    n_boot: Annotated[int, typer.Option("--boot", help="Bootstrap replicates for the intervals.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap.")] = 0,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """When a state's yearly agreement with a focal state or group shifted, by how much, with 90%
    bootstrap intervals for the year and the size of the shift."""
    from ..analysis.alignment import check_state
    from ..analysis.changepoints import agreement_scores, change_points, yearly

    reg = open_regime(db)
    code = _state(reg, state)
    votes, yr, where = _slice(reg, body, years, subject)
    check_state(votes, code, where)
    names = [a.strip() for a in against.split(",") if a.strip()]
    results = []
    for name in names:
        v, (focal,) = _expand_focal(reg, votes, [name], exclude=code)
        scores = agreement_scores(v, code, focal, where=where)
        changes = change_points(scores, max_changes=max_changes, min_years=min_years, n_boot=n_boot,
                                random_state=seed)
        results.append((focal, yearly(scores), changes))
    if json:
        emit_json({"state": code, "slice": {"body": body, "years": yr, "subject": subject},
                   "method": "binary segmentation of yearly agreement (weighted mean shift, penalty 3 log T); "
                             "bootstrap of decisions within years, 90% intervals",
                   "against": [{"focal": f, "series": s.to_dict("records"), "changes": c.to_dict("records")}
                               for f, s, c in results]})
    else:
        for focal, series, changes in results:
            if changes.empty:
                console.print(f"{code} vs {focal}, {where}: no change point beats the penalty "
                              f"({len(series)} years, mean agreement {series['agreement'].mean():.3f}).")
                continue
            t = Table(title=f"{code} vs {focal}: shifts in agreement, {where}")
            for col in ("year", "90% years", "before", "after", "shift", "90% shift", "support", "LR"):
                t.add_column(col, justify="right")
            for r in changes.itertuples(index=False):
                t.add_row(str(r.year), f"{r.year_lower}-{r.year_upper}", _fmt(r.before), _fmt(r.after),
                          f"{r.shift:+.3f}", f"{r.shift_lower:+.3f} to {r.shift_upper:+.3f}",
                          _fmt(r.support, 2), _fmt(r.lr, 1))
            console.print(t)
    if chart:  # issue 9: the shared chart (real year axis, votes per point, change years marked)
        from ..charts import time_series
        from .questions import write_chart

        frames, marks, spans = [], [], []
        for focal, series, changes in results:
            frames.append(series.assign(partner=focal))
            for r in changes.itertuples(index=False):
                marks.append((r.year - 0.5, f"{focal} {r.year} ({r.shift:+.2f})"))
                if pd.notna(r.year_lower):
                    spans.append((r.year_lower, r.year_upper, focal))
        names = {f: (reg.resolver.name_of(f) if not f.startswith("[") else f"{f[1:-1]} (plurality)")
                 for f, _, _ in results}
        write_chart(time_series(pd.concat(frames, ignore_index=True), y="agreement", series="partner", n="n",
                                names={k: f"with {v}" for k, v in names.items()},
                                title=f"{reg.resolver.name_of(code)}: agreement and shifts, {where}",
                                ylabel="agreement index", ylim=(0, 1), marks=marks, spans=spans,
                                n_label="shared votes (max)", sources="unvotes (Voeten), hrc-voting, unga-2025-3dl",
                                note="Dashed: change points; shaded: their 90% bootstrap interval"), chart)


# -- blocs ---------------------------------------------------------------------------------------
@app.command()
def blocs(
    body: Annotated[str, typer.Option("--body", help="GA, HRC or CHR.")] = "HRC",
    years: YearsOption = None,
    period_length: Annotated[Optional[int], typer.Option(
        "--period-length", help="Split the years into periods of this many years (blocs followed across them).")] = None,
    resolution: Annotated[float, typer.Option("--resolution", help="Leiden resolution (higher: more, smaller blocs).")] = 1.0,
    min_votes: Annotated[int, typer.Option("--min-votes", help="Fewest votes for a state to be placed.")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Leiden seed.")] = 0,
    n_seeds: Annotated[int, typer.Option("--seeds", help="Leiden runs behind each bloc's stability.")] = 10,
    nested: Annotated[bool, typer.Option(
        "--nested", help="Blocs at several scales: communities stable across resolutions and "
        "resamples of the votes, and how they nest (no resolution to tune).")] = False,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """Voting blocs found in the record (Leiden communities of the co-voting network), followed
    across periods, with cohesion, distinctive votes and overlap with named groups."""
    if nested:  # issue 9
        from .questions import show_nested_blocs

        return show_nested_blocs(db, body, years, seed, json=json, chart=chart)
    from ..analysis.alignment import parse_years
    from ..analysis.blocs import draw_network, find_blocs, split_periods

    reg = open_regime(db)
    yr = parse_years(years)
    votes = lean_votes(reg, body, yr)
    if votes.empty:
        raise RightsRegimeError(f"No recorded votes for body {body} in {years or 'any year'}; "
                                "bodies with roll calls: GA, HRC, CHR.")
    if yr is None:
        yr = (int(votes["year"].min()), int(votes["year"].max()))
    groups, members = _groups_and_members(reg)
    members = members[members["group_id"] != "UN"]
    names = dict(zip(groups["group_id"], groups["name"]))
    result = find_blocs(votes, periods=split_periods(yr, period_length), group_members=members,
                        group_names=names, min_votes=min_votes, resolution=resolution, seed=seed, n_seeds=n_seeds, body=body)
    titles = reg.decisions(body=body, years=yr).set_index("decision_id")["title"]
    result.distinctive["title"] = result.distinctive["decision_id"].map(titles)
    if json:
        doc = result.to_dict()
        doc.update({"body": body, "years": yr, "method": "Leiden (RBConfiguration, weighted), seed "
                    f"{seed}, resolution {resolution}, stability over {n_seeds} seeds; edges: agreement "
                    "index above the period's mean"})
        emit_json(doc)
    else:
        for p in result.periods.itertuples(index=False):
            t = Table(title=f"{body} {p.period}: {p.n_blocs} blocs among {p.n_states} states, "
                            f"{p.n_decisions} votes, modularity {p.modularity:.2f}")
            for col in ("bloc", "size", "cohesion", "stability", "named groups (% of bloc)", "members"):
                t.add_column(col, justify="right" if col in ("size", "cohesion", "stability") else "left",
                             overflow="fold")
            for b in result.blocs[result.blocs["period"] == p.period].itertuples(index=False):
                ov = result.overlap[(result.overlap["period"] == p.period) & (result.overlap["bloc"] == b.bloc)]
                near = ", ".join(f"{o.group_id} {o.share_of_bloc:.0%}" for o in ov.head(2).itertuples()) if len(ov) else ""
                t.add_row(b.lineage, str(b.size), _fmt(b.cohesion), _fmt(b.stability, 2), near, " ".join(b.members))
            console.print(t)
    if chart:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        k = len(result.networks)
        fig, axes = plt.subplots(1, k, figsize=(6 * k, 6), squeeze=False)
        for ax, net in zip(axes[0], result.networks):
            draw_network(net, ax, seed=seed)
        save_chart(fig, chart)


# -- leadership ----------------------------------------------------------------------------------
@app.command()
def leadership(
    state: Annotated[str, typer.Argument(help="State (ISO3 or name).")],
    body: BodyOption = None,
    years: YearsOption = None,
    kind: KindOption = None,
    include_groups: Annotated[bool, typer.Option(
        "--include-groups", help="Also count texts tabled on behalf of a group the state belongs to.")] = False,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """Texts a state led as main sponsor, year by year, and how they fared (adopted without a vote,
    by vote and with what margin, rejected, withdrawn), with its usual co-sponsors."""
    from ..analysis.alignment import parse_years
    from ..analysis.leadership import co_sponsors, cosponsorship_pairs, leadership_by_year, led_texts, sponsorships

    reg = open_regime(db)
    code = _state(reg, state)
    yr = parse_years(years)
    decisions = reg.decisions(body=body, years=yr, kind=kind)

    def resolve(name: str):
        try:
            return reg.lookup_state(name)
        except UnknownState:
            return None

    spons = sponsorships(decisions, resolve, group_members=reg.group_members())
    roles = ("main", "group") if include_groups else ("main",)
    led = led_texts(spons, decisions, code, roles=roles)
    per_year = leadership_by_year(led)
    partners = co_sponsors(spons, code)
    cols = ["symbol", "year", "body_id", "kind", "title", "role", "via_group", "co_sponsors", "fate",
            "yes", "no", "abstain", "margin", "basis"]
    if json:
        emit_json({"state": code, "slice": {"body": body, "years": yr, "kind": kind},
                   "texts": led[[c for c in cols if c in led]].to_dict("records"),
                   "by_year": per_year.to_dict("records"), "co_sponsors": partners.to_dict("records"),
                   "cosponsorship_network": cosponsorship_pairs(spons).to_dict("records"),
                   "coverage": "main sponsors as recorded by the OHCHR catalogue (mostly 2013 on), "
                               "plus a few cited supplements"})
    else:
        t = Table(title=f"Texts {code} led, {body or 'all bodies'} {years or ''}".strip())
        for col in ("symbol", "year", "kind", "fate", "vote", "title"):
            t.add_column(col, overflow="fold")
        for r in led.itertuples(index=False):
            vote = f"{int(r.yes)}-{int(r.no)}-{int(r.abstain)}" if pd.notna(r.yes) and pd.notna(r.no) else ""
            title = str(r.title or "")[:70]
            t.add_row(str(r.symbol), str(r.year), str(r.kind), r.fate, vote, title)
        console.print(t)
        t = Table(title=f"{code}: texts led per year and their fate")
        for col in per_year.columns:
            t.add_column(str(col), justify="right")
        for r in per_year.itertuples(index=False):
            t.add_row(*(_cell(v, 1) for v in r))
        console.print(t)
        if len(partners):
            console.print(f"Most frequent fellow main sponsors: "
                          + ", ".join(f"{r.iso3} ({r.n_texts})" for r in partners.head(10).itertuples()))
    if chart:  # issue 9: the shared chart (real year axis, outcome colours: rejected is red)
        from ..charts import stacked_years
        from .questions import write_chart

        fates = [c for c in per_year.columns if c not in ("year", "n_texts", "mean_margin")]
        write_chart(stacked_years(per_year, columns=fates, title=f"{reg.resolver.name_of(code)}: texts led and their fate",
                                  ylabel="texts led (main sponsor)", sources="hrc-voting (OHCHR catalogue)"), chart)
