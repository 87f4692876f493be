"""Every parser validates what it reads, so a damaged file fails even when its hash is accepted (after
a registry update, or with the check bypassed): issue 8, item 9.

For each data file of each source, a copy of the real mirror file cut in half at a line end (or, for
a file of one line or a binary file, at half its bytes) is written to ``tmp_path`` (the fixtures
``copy_source`` and ``cut_file`` of conftest.py) and parsed with the
other files of its source intact: the parser must raise a ParseError that names the damaged copy.
The mirror is never touched. What each parser counts, and where the count comes from:

* un-groups-blocs: each YAML states its own ``membership_count`` (NATO 32, UN 193) after ``includes:``;
* upr-terman: sessions.csv lists who was reviewed in each session, and each recommendation file must
  name those states for the sessions it holds; upr-years.csv lists the 193 members;
* voeten-idealpoints, fariss-lhrs, political-terror-scale: files sorted by state, so the final period
  (2025 / session 78, 2021, 2023) must rate at least 180 of the 193 members;
* unvotes: every roll call has votes (6,202 of 6,202 in the pinned files);
* unsc-vetoes: 216 vetoes to July 2022 (the file's name: to September 2022), in date order;
* the others: see tests/test_damaged_sources.py.

Documentation files of a source (README, LICENSE, codebooks) are not parsed and not listed.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from rightsregime.errors import ParseError

DATA_FILES = [
    ("member_states", "official_un_member_states_raw.csv"),
    *[("groups", f"data/intblocks/{kind}/{name}.yaml") for kind, name in [
        ("economic", "ALBA"), ("economic", "EU"), ("military", "CSTO"), ("military", "NATO"),
        ("military", "SCO"), ("political", "ASEAN"), ("political", "BRICS"), ("political", "CIS"),
        ("political", "COMMONWEALTH"), ("political", "G-77"), ("political", "NAM"), ("political", "OAS"),
        ("political", "OECD"), ("political", "OIC"), ("political", "UN"),
        ("unregionalblocks", "AFRICANGROUP"), ("unregionalblocks", "ASIAPACIFICGROUP"),
        ("unregionalblocks", "EEG"), ("unregionalblocks", "GRULAC"), ("unregionalblocks", "WEOG")]],
    ("treaty_status", "hr_status_iccpr.csv"),
    ("treaty_status", "hr_status_cat.csv"),
    ("unvotes", "data/un_roll_calls.rda"),
    ("unvotes", "data/un_votes.rda"),
    ("unvotes", "data/un_roll_call_issues.rda"),
    ("unga_2025", "un_votes_2025_processed.csv"),
    ("sc_vetoes", "unsc_vetoes_1946_sept2022.csv"),
    ("hrc_voting", "data/csv/resolutions.csv"),
    ("hrc_voting", "dashboard/data.js"),
    ("hrc_amendments", "votes.sqlite3"),
    ("upr", "sessions.csv"),
    ("upr", "upr-years.csv"),
    *[("upr", f"v.2/Data/CSVs/{name}.csv") for name in ("1-5", "6-9", "10-13", "14-17", "17-20", "voluntary")],
    ("voeten", "Idealpointestimates1946-2025.tab"),
    ("voeten", "IdealpointestimatesAll_Jun2024.csv"),
    ("ilo", "ilo-core-conventions.csv"),
    ("fariss", "LHRS-v4.02-2021.csv"),
    ("pts", "PTS-2024.csv"),
]


def module_of(name: str):
    import importlib

    return importlib.import_module(f"rightsregime.sources.{name}")


def test_every_parsed_file_of_the_registry_is_listed():
    """No data file escapes this table: each registry file is listed, or is documentation."""
    from rightsregime import sources

    docs = (".md", ".cff", ".Rd", ".doc", ".pdf", "LICENSE", "DESCRIPTION", "datasets.yaml")
    listed = {(m, f) for m, f in DATA_FILES}
    treaty = {f.name for f in module_of("treaty_status").SOURCE.files if f.name.endswith(".csv")}
    for module in sources.modules():
        if module.SOURCE.codebook_only:
            continue
        short = module.__name__.rsplit(".", 1)[1]
        for f in module.SOURCE.files:
            if f.name.endswith(docs) or (short == "treaty_status" and f.name in treaty):
                continue  # the treaty files share one reader: two of the 18 are listed
            assert (short, f.name) in listed, f"{short}: {f.name} is not in DATA_FILES"


@pytest.mark.parametrize(("module_name", "file"), DATA_FILES, ids=[f"{m}:{f.rsplit('/', 1)[-1]}" for m, f in DATA_FILES])
def test_a_half_truncated_file_is_refused_by_its_parser(module_name, file, copy_source, cut_file):
    module = module_of(module_name)
    paths = copy_source(module)
    cut_file(paths[file])
    with pytest.raises(ParseError) as info:
        module.parse(paths)
    message = str(info.value)
    assert "\n" not in message.strip()
    assert info.value.file == str(paths[file]) or file.rsplit("/", 1)[-1] in message, message


def test_a_valid_r_file_with_half_the_votes_is_refused(copy_source):
    """An .rda cut in half does not decompress; one written whole with half the votes (as a wrong
    edition would be) leaves 2,586 of the 6,202 roll calls without a vote: refused."""
    import pyreadr

    from rightsregime.sources import unvotes

    paths = copy_source(unvotes)
    frames = pyreadr.read_r(str(paths[unvotes.VOTES]))
    (name, votes), = frames.items()
    pyreadr.write_rdata(str(paths[unvotes.VOTES]), votes.iloc[: len(votes) // 2], df_name=name, compress="gzip")
    with pytest.raises(ParseError, match=r"of the 6,202 roll calls have no vote"):
        unvotes.parse(paths)


def test_a_group_file_that_disagrees_with_its_own_count_is_refused(copy_source):
    """NATO.yaml says membership_count: 32 and lists 32 members; drop one entry and the file
    contradicts itself."""
    from rightsregime.sources import groups

    paths = copy_source(groups)
    nato = paths["data/intblocks/military/NATO.yaml"]
    text = nato.read_text(encoding="utf-8")
    entry = "- id: CA\n  name: Canada\n  type: country\n  status: member\n"
    assert entry in text
    nato.write_text(text.replace(entry, ""), encoding="utf-8")
    with pytest.raises(ParseError, match=r"NATO.yaml: lists 31 members but its membership_count is 32"):
        groups.parse(paths)


@pytest.mark.parametrize(("module_name", "file"), [
    ("groups", "data/intblocks/political/OIC.yaml"),
    ("sc_vetoes", "unsc_vetoes_1946_sept2022.csv"),
    ("upr", "v.2/Data/CSVs/14-17.csv"),
])
def test_the_build_fails_on_a_truncated_file_whose_hash_the_registry_accepts(
        module_name, file, sources, tmp_path, warehouse_path, monkeypatch, capsys, copy_source, cut_file):
    """The registry updated to the damaged file's hash (so locate() lets it through): `rightsregime
    build` exits 1 with one line naming the file, and the previous warehouse is byte-identical."""
    from rightsregime import sources as source_package
    from rightsregime.cli import main

    module = module_of(module_name)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for entry in sources.iterdir():
        if entry.name != module.SOURCE.name:
            os.symlink(entry, mirror / entry.name)
    paths = copy_source(module, into=mirror)
    cut_file(paths[file])
    digest = hashlib.sha256(paths[file].read_bytes()).hexdigest()
    files = tuple(dataclasses.replace(f, sha256=digest) if f.name == file else f for f in module.SOURCE.files)
    monkeypatch.setattr(module, "SOURCE", dataclasses.replace(module.SOURCE, files=files))
    assert source_package.by_name()[module.SOURCE.name].SOURCE.files == files

    db = tmp_path / "previous.duckdb"
    shutil.copyfile(warehouse_path, db)
    before = db.read_bytes()
    monkeypatch.setenv("RIGHTSREGIME_SOURCES", str(mirror))
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["build", "-q", "--db", str(db)])
    err = capsys.readouterr().err.strip()
    assert info.value.code == 1
    assert len(err.splitlines()) == 1 and file.rsplit("/", 1)[-1] in err, err
    assert "Traceback" not in err and "unexpected" not in err.lower()
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mirror", "previous.duckdb"]
