"""The proposals' risk-value chart: where each proposal lands, how big, which ones are left
out, and that the ranked list shows it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import translation

from jalon.intake.bubbles import risk_value_chart
from jalon.intake.models import Proposal
from jalon.intake.ranking import Ranked
from tests.intake.conftest import evaluate
from tests.pages import signed_in

EVIL = '<script>alert("x")</script>'


def row(code: str, *, score: float | None, cost: int, risk: int | None, moscow: str = "",
        mandatory: bool = False, title: str = "") -> Ranked:
    proposal = Proposal(code=code, title=title or f"Projet {code}", risk_level=risk,
                        moscow=moscow, mandatory=mandatory)
    return Ranked(proposal, score, 0.0, 1, False, 0.0, Decimal(cost))


def chart_of(rows):
    return risk_value_chart(rows, url=lambda p: f"/proposals/{p.code}/")


def test_value_goes_up_risk_across_and_area_follows_the_cost():
    chart = chart_of([row("SAFE", score=4.0, cost=40_000, risk=1),
                      row("BOLD", score=4.0, cost=10_000, risk=5),
                      row("DULL", score=1.0, cost=10_000, risk=1),
                      row("LATE", score=1.0, cost=10_000, risk=4)])
    by_code = {b.row.proposal.code: b for b in chart.bubbles}
    safe, bold, dull = by_code["SAFE"], by_code["BOLD"], by_code["DULL"]
    assert safe.x < chart.split_x < bold.x               # very low risk left, very high right
    assert safe.y == bold.y < dull.y                     # equal scores at one height, higher up
    assert safe.r / bold.r == pytest.approx(2, abs=0.01)  # 4 x the cost: 2 x the radius
    assert chart.bubbles[0] is safe                      # the largest drawn first
    assert dull.y > chart.split_y > safe.y               # the median score splits them


def test_proposals_at_one_risk_level_sit_side_by_side_not_on_each_other():
    chart = chart_of([row(f"P{i}", score=3.0, cost=10_000, risk=3) for i in range(3)])
    xs = sorted(b.x for b in chart.bubbles)
    assert len(set(xs)) == 3 and xs[1] == pytest.approx(chart.split_x)


def test_proposals_without_score_cost_or_risk_are_listed_not_placed():
    rows = [row("OK", score=2.0, cost=1_000, risk=2), row("UNSCORED", score=None, cost=1, risk=2),
            row("FREE", score=2.0, cost=0, risk=2), row("UNJUDGED", score=2.0, cost=1, risk=None)]
    chart = chart_of(rows)
    assert [b.row.proposal.code for b in chart.bubbles] == ["OK"]
    assert [r.proposal.code for r in chart.left_out] == ["UNSCORED", "FREE", "UNJUDGED"]
    assert chart_of(rows[1:]) is None


def test_the_chart_names_its_quadrants_and_escapes_titles():
    with translation.override("fr"):
        html = str(chart_of([row("X", score=3.0, cost=5, risk=4, moscow="must",
                                 mandatory=True, title=EVIL)]).svg())
    assert "Perles" in html and "Éléphants blancs" in html and "Niveau de risque" in html
    assert EVIL not in html and "&lt;script&gt;" in html
    assert 'class="bubble moscow-must mandatory"' in html


@pytest.mark.django_db
def test_the_ranked_list_shows_the_risk_value_chart(portfolio, boss, model, reviewed):
    evaluate(boss, reviewed, model, 5, 2)
    client = signed_in(boss, language="en")
    url = f"/portfolios/{portfolio.pk}/proposals/"
    page = client.get(url).content.decode()
    assert "No proposal can be placed yet" in page  # CRM has no risk level yet
    assert "data-bubble" not in page
    reviewed.risk_level = Proposal.RiskLevel.HIGH
    reviewed.save()
    page = client.get(url).content.decode()
    assert re.search(r'<a href="/proposals/\d+/" data-bubble="CRM">', page)
    assert "Risk level High" in page and "Pearls" in page
