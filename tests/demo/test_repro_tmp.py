import pytest
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.test import Client
from jalon.planning.models import Task
from jalon.portfolios.models import Project
from jalon.portfolios import services as portfolios

pytestmark = pytest.mark.django_db

def test_repro(demo):
    crm = Project.objects.get(code="NUM-CRM")
    erp = Project.objects.get(code="NUM-ERP")
    t = Task.objects.get(project=crm, wbs_code="4.3")
    Task.objects.filter(pk=t.pk).update(duration=Decimal(100000))
    portfolios.inputs_changed(projects=[crm])
    c = Client(raise_request_exception=False)
    c.force_login(get_user_model().objects.get(username="pmo"))
    pf = crm.portfolio_id
    urls = ["/", "/kpis/", f"/portfolios/{pf}/kpis/", f"/portfolios/{pf}/", f"/portfolios/{pf}/gantt/",
            "/resources/loading/", "/resources/over-allocations/", f"/projects/{erp.pk}/finance/",
            f"/projects/{crm.pk}/finance/", f"/projects/{crm.pk}/", f"/projects/{crm.pk}/gantt/",
            f"/projects/{crm.pk}/tasks/", f"/projects/{crm.pk}/resources/", f"/projects/{crm.pk}/risks/",
            f"/projects/{crm.pk}/simulation/", f"/projects/{crm.pk}/levelling/", f"/portfolios/{pf}/levelling/",
            f"/portfolios/{pf}/risks/", f"/programmes/{crm.programme_id}/",
            f"/api/v1/portfolios/{pf}/kpis", "/api/v1/kpis", "/api/v1/resources/loading",
            f"/api/v1/projects/{erp.pk}/evm", f"/api/v1/projects/{crm.pk}/evm", f"/api/v1/projects/{crm.pk}/schedule",
            f"/api/v1/portfolios/{pf}/gantt", f"/api/v1/projects/{crm.pk}/gantt", "/api/v1/projects",
            f"/api/v1/projects/{crm.pk}/levelling", f"/api/v1/portfolios/{pf}/levelling",
            ]
    from jalon.resources.models import Resource
    r = Resource.objects.first()
    urls += [f"/resources/{r.pk}/loading/"]
    for u in urls:
        resp = c.get(u)
        print(resp.status_code, u)
    for u in [f"/projects/{crm.pk}/simulation/", f"/portfolios/{pf}/levelling/"]:
        pass
