"""Reading and writing predecessors as MS Project users type them."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from jalon.planning.predecessors import (
    PredecessorRef,
    PredecessorSyntaxError,
    format_link,
    parse_predecessors,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("3", [PredecessorRef(None, "3")]),
        ("3FS+2, 5SS", [PredecessorRef(None, "3", "FS", Decimal("2")), PredecessorRef(None, "5", "SS")]),
        ("1.2.3ff-1.5; 4sf", [PredecessorRef(None, "1.2.3", "FF", Decimal("-1.5")),
                              PredecessorRef(None, "4", "SF")]),
        ("PRJ-2:1.4 FS + 3d", [PredecessorRef("PRJ-2", "1.4", "FS", Decimal("3"))]),
        (" 2 , , 3 ", [PredecessorRef(None, "2"), PredecessorRef(None, "3")]),
        ("2+1", [PredecessorRef(None, "2", "FS", Decimal("1"))]),
    ],
)
def test_parse(text, expected):
    assert parse_predecessors(text) == expected


@pytest.mark.parametrize("text", ["A", "3XX", "3FS+", "3FS+two", ":3", "3:4:5", "3 FS 2"])
def test_bad_items_are_named(text):
    with translation.override("en"), pytest.raises(PredecessorSyntaxError, match="is not a predecessor"):
        parse_predecessors(text)


def _link(wbs, kind, lag, *, project_id=1, code="P1"):
    predecessor = SimpleNamespace(wbs_code=wbs, project_id=project_id, project=SimpleNamespace(code=code))
    return SimpleNamespace(predecessor=predecessor, type=kind, lag=Decimal(lag))


@pytest.mark.parametrize(
    ("link", "text"),
    [
        (_link("3", "FS", "0"), "3"),
        (_link("3", "FS", "2.00"), "3FS+2"),
        (_link("5", "SS", "0"), "5SS"),
        (_link("1.2", "FF", "-1.50"), "1.2FF-1.5"),
        (_link("4", "FS", "20"), "4FS+20"),
        (_link("1", "SF", "0", project_id=2, code="OTHER"), "OTHER:1SF"),
    ],
)
def test_format_round_trips(link, text):
    assert format_link(link, project_id=1) == text
    ref = parse_predecessors(text)[0]
    assert (ref.wbs, ref.type, ref.lag) == (link.predecessor.wbs_code, link.type, link.lag)
