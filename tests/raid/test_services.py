"""The RAID registers' writes: numbering, rules, links within the project, owners notified,
overdue entries, and who may write."""

from __future__ import annotations

import datetime

import pytest

from jalon.errors import PermissionDenied, ValidationFailed
from jalon.notifications.models import Notification
from jalon.raid import selectors, services
from jalon.raid.models import Decision
from jalon.risks.services import issue_create, risk_create
from tests.factories import TaskFactory, UserFactory

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.django_db
def test_decisions_are_numbered_per_project_and_link_the_projects_objects(manager, project,
                                                                          other_project):
    risk = risk_create(actor=manager, project=project, title="Permis retardé")
    issue = issue_create(actor=manager, project=project, title="Grue en panne")
    task = TaskFactory(project=project, name="Gros œuvre", wbs_code="2")
    first = services.decision_create(actor=manager, project=project, title="Béton bas carbone",
                                     risks=[risk], issues=[issue], tasks=[task])
    second = services.decision_create(actor=manager, project=project, title="Grue mobile")
    assert (first.reference, second.reference) == ("D-001", "D-002")
    assert list(first.risks.all()) == [risk] and list(first.tasks.all()) == [task]
    foreign = TaskFactory(project=other_project, name="Ailleurs")
    with pytest.raises(ValidationFailed) as refused:
        services.decision_create(actor=manager, project=project, title="X", tasks=[foreign])
    assert refused.value.field == "tasks" and "Ailleurs" in str(refused.value)


@pytest.mark.django_db
def test_a_superseded_decision_names_its_successor(manager, project):
    old = services.decision_create(actor=manager, project=project, title="Fournisseur A",
                                   status=Decision.Status.DECIDED)
    with pytest.raises(ValidationFailed) as refused:
        services.decision_update(actor=manager, decision=old, status=Decision.Status.SUPERSEDED)
    assert refused.value.field == "superseded_by"
    new = services.decision_create(actor=manager, project=project, title="Fournisseur B")
    services.decision_update(actor=manager, decision=old, status=Decision.Status.SUPERSEDED,
                             superseded_by=new)
    assert list(new.supersedes.all()) == [old]


@pytest.mark.django_db
def test_owners_are_notified_when_assigned(manager, project):
    owner, other = UserFactory(), UserFactory()
    assumption = services.assumption_create(actor=manager, project=project,
                                            description="Le sol est porteur", owner=owner)
    note = Notification.objects.get(recipient=owner)
    assert note.params["item"].startswith("A-001") and project.code in note.params["project"]
    services.assumption_update(actor=manager, assumption=assumption, status="validated")
    assert Notification.objects.filter(recipient=owner).count() == 1  # same owner: no news
    services.dependency_create(actor=manager, project=project, description="Raccordement",
                               party="Enedis", owner=other)
    assert Notification.objects.get(recipient=other).params["item"].startswith("X-001")


@pytest.mark.django_db
def test_dependencies_need_a_party_and_a_task_of_the_project(manager, project, other_project):
    with pytest.raises(ValidationFailed) as refused:
        services.dependency_create(actor=manager, project=project, description="Livraison")
    assert refused.value.field == "party"
    with pytest.raises(ValidationFailed) as refused:
        services.dependency_create(actor=manager, project=project, description="Livraison",
                                   party="Fournisseur",
                                   task=TaskFactory(project=other_project))
    assert refused.value.field == "task"


@pytest.mark.django_db
def test_overdue_assumptions_and_dependencies_are_flagged_and_counted(manager, project):
    late = services.assumption_create(actor=manager, project=project, description="Tard",
                                      validate_by=TODAY - datetime.timedelta(days=1))
    services.assumption_create(actor=manager, project=project, description="Validée",
                               validate_by=TODAY - datetime.timedelta(days=1),
                               status="validated")
    services.dependency_create(actor=manager, project=project, description="Due", party="X",
                               needed_by=TODAY - datetime.timedelta(days=3))
    services.dependency_create(actor=manager, project=project, description="Livrée",
                               party="Y", needed_by=TODAY - datetime.timedelta(days=3),
                               status="delivered")
    flagged = {a.description: a.overdue for a in
               selectors.assumption_list(user=manager, project=project, today=TODAY)}
    assert flagged == {"Tard": True, "Validée": False} and late.overdue_on(TODAY)
    counts = selectors.raid_counts(user=manager, project=project, today=TODAY)
    assert (counts.assumptions_open, counts.assumptions_overdue) == (1, 1)
    assert (counts.dependencies_open, counts.dependencies_overdue) == (1, 1)


@pytest.mark.django_db
def test_team_members_and_executives_cannot_write(member, executive, project):
    for user in (member, executive):
        with pytest.raises(PermissionDenied):
            services.decision_create(actor=user, project=project, title="Non")
        with pytest.raises(PermissionDenied):
            services.assumption_create(actor=user, project=project, description="Non")


@pytest.mark.django_db
def test_decisions_and_assumptions_are_in_the_projects_history(manager, project):
    from django.utils import translation

    from jalon.accounts.history import acting_as
    from jalon.audit.selectors import project_history

    with acting_as(manager):
        decision = services.decision_create(actor=manager, project=project, title="Grue")
        services.decision_update(actor=manager, decision=decision, status="decided")
        services.assumption_create(actor=manager, project=project, description="Sol porteur")
    with translation.override("en"):
        changes = project_history(user=manager, project=project,
                                  kinds=["decision", "assumption"]).changes
    assert any(c.object == "Decision D-001 Grue" and c.new == "Decided" for c in changes)
    assert any(c.object == "Assumption A-001" and c.action == "created" for c in changes)
