"""The methodology packs: the shipped files are valid, and a mistake names the file and the
field."""

from __future__ import annotations

import pytest

from jalon.errors import ValidationFailed
from jalon.governance.packs import SHIPPED, pack_to_data, parse_pack, read_pack, shipped_pack


@pytest.mark.parametrize("key", SHIPPED)
def test_every_shipped_pack_is_valid_and_reads_back(key):
    pack = shipped_pack(key)
    assert pack.key == key and pack.phases and any(r.approver for r in pack.roles)
    assert read_pack(pack_to_data(pack), source="copy") == pack


def test_prince2_has_its_processes_products_and_board():
    pack = shipped_pack("prince2")
    assert [p.key for p in pack.phases] == ["starting_up", "initiating", "delivery", "closing"]
    products = {d.name.en for p in pack.phases for d in p.documents}
    assert {"Business case", "Project initiation documentation", "Highlight reports",
            "End stage report", "End project report", "Lessons report"} <= products
    assert {r.key for r in pack.roles if r.approver} >= {"executive", "senior_user",
                                                         "senior_supplier"}


def _broken(change) -> str:
    data = pack_to_data(shipped_pack("hybrid"))
    change(data)
    with pytest.raises(ValidationFailed) as caught:
        read_pack(data, source="hybrid.yaml")
    return caught.value.message


def test_an_unknown_check_names_the_file_and_the_field():
    def change(data):
        data["phases"][1]["gate"]["criteria"][0]["check"] = "tasks_done"

    assert _broken(change) == ("hybrid.yaml: phases[1].gate.criteria[0].check: unknown check "
                               "“tasks_done” (known: baseline_set, budget_approved, "
                               "phase_tasks_finished, risks_owned, documents_approved, "
                               "roles_filled).")


def test_a_missing_label_a_duplicate_key_and_a_team_member_approving_are_refused():
    def no_french(data):
        del data["phases"][0]["name"]["fr"]

    def twice(data):
        data["phases"][1]["key"] = data["phases"][0]["key"]

    def member_approves(data):
        data["roles"][2]["approver"] = True

    assert _broken(no_french) == "hybrid.yaml: phases[0].name.fr: this field is required."
    assert _broken(twice) == "hybrid.yaml: phases: the key “framing” is used twice."
    assert _broken(member_approves).startswith(
        "hybrid.yaml: roles[2].jalon_role: an approving role maps to one of: pmo_admin")


def test_bad_yaml_is_named():
    with pytest.raises(ValidationFailed) as caught:
        parse_pack("key: [unclosed", source="mine.yaml")
    assert caught.value.message.startswith("mine.yaml: the pack: not valid YAML")
