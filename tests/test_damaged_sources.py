"""Parsers do not trust the hash check: a damaged file fails with a ParseError naming it, even when
it reaches the parser (as after a registry update, or with the check bypassed).

Each test copies the real mirror files of one source into ``tmp_path`` (the ``copy_source`` fixture
of conftest.py), damages the copy (never the mirror; ``cut_file`` keeps the first part of a file)
and calls the source's ``parse`` on it directly. Counts come from the files themselves:
hrc-voting's ``resolutions.csv`` holds one row per record of its payload's ``resAll`` (6,346, see
SOURCES.md section 2); each treaty file lists the 193 UN members.
"""
from __future__ import annotations

import pytest

from rightsregime.errors import ParseError


def test_half_truncated_hrc_resolutions_fails_against_its_payload(copy_source, cut_file):
    """The issue's case: half of resolutions.csv, cut at a line end, used to parse silently."""
    from rightsregime.sources import hrc_voting

    paths = copy_source(hrc_voting)
    cut_file(paths[hrc_voting.RESOLUTIONS], 0.5)
    with pytest.raises(ParseError, match="but the harvest's payload lists 6,346") as info:
        hrc_voting.parse(paths)
    assert info.value.file == str(paths[hrc_voting.RESOLUTIONS])


def test_truncated_hrc_payload_is_not_valid_json(copy_source, cut_file):
    from rightsregime.sources import hrc_voting

    paths = copy_source(hrc_voting)
    payload = paths[hrc_voting.PAYLOAD]
    cut_file(payload, by="bytes")
    with pytest.raises(ParseError, match="not valid JSON.*truncated"):
        hrc_voting.parse(paths)


def test_treaty_file_cut_mid_row_is_refused(copy_source):
    from rightsregime.sources import treaty_status

    paths = copy_source(treaty_status)
    name = next(n for n in paths if n.endswith("iccpr.csv"))
    data = paths[name].read_bytes().rstrip(b"\n")
    last = data.rfind(b"\n") + 1
    second_comma = data.index(b",", data.index(b",", last) + 1)
    paths[name].write_bytes(data[:second_comma])
    with pytest.raises(ParseError, match="cut short") as info:
        treaty_status.parse(paths)
    assert info.value.file == str(paths[name])


def test_treaty_file_with_a_third_of_the_members_is_refused(copy_source, cut_file):
    from rightsregime.sources import treaty_status

    paths = copy_source(treaty_status)
    name = next(n for n in paths if n.endswith("icerd.csv"))
    cut_file(paths[name], 1 / 3)
    with pytest.raises(ParseError, match="expected at least 190"):
        treaty_status.parse(paths)


def test_member_states_truncated_is_refused(copy_source, cut_file):
    from rightsregime.sources import member_states

    paths = copy_source(member_states)
    cut_file(paths[member_states.FILE], 0.5)
    with pytest.raises(ParseError, match="member states, expected at least 193"):
        member_states.parse(paths)


def test_a_bad_byte_in_a_source_csv_names_the_file(copy_source):
    from rightsregime.sources import sc_vetoes

    paths = copy_source(sc_vetoes)
    path = paths[sc_vetoes.FILE]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\xff\xfe" + data[len(data) // 2:])
    with pytest.raises(ParseError, match="not UTF-8") as info:
        sc_vetoes.parse(paths)
    assert str(path) in str(info.value)


def test_truncated_r_data_file_is_a_parse_error(copy_source, cut_file):
    from rightsregime.sources import unvotes

    paths = copy_source(unvotes)
    path = paths[unvotes.VOTES]
    cut_file(path, by="bytes")
    with pytest.raises(ParseError):
        unvotes.parse(paths)
