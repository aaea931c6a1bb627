"""The pages of governance."""

from django.urls import path

from jalon.governance.views import gates as views
from jalon.governance.views import tolerances

urlpatterns = [
    path("projects/<int:pk>/governance/", views.project_governance, name="project-governance"),
    path("projects/<int:pk>/governance/adopt/", views.project_adopt, name="project-adopt"),
    path("projects/<int:pk>/governance/override/", views.lifecycle_override,
         name="lifecycle-override"),
    path("project-documents/<int:pk>/status/", views.document_status, name="document-status"),
    path("project-roles/<int:pk>/assign/", views.role_assign, name="project-role-assign"),
    path("gates/<int:pk>/", views.gate_review, name="gate-review"),
    path("gates/<int:pk>/decide/", views.gate_decide, name="gate-decide"),
    path("gate-criteria/<int:pk>/tick/", views.criterion_tick, name="criterion-tick"),
    path("portfolios/<int:pk>/gates/", views.gate_calendar, name="gate-calendar"),
    path("portfolios/<int:pk>/methodologies/", views.methodologies,
         name="portfolio-methodologies"),
    path("portfolios/<int:pk>/methodologies/<slug:key>/adapt/", views.pack_adapt,
         name="method-pack-adapt"),
    path("method-packs/<int:pk>/edit/", views.pack_edit, name="method-pack-edit"),
    path("projects/<int:pk>/governance/tolerances/", tolerances.project_tolerances,
         name="project-tolerances"),
    path("portfolios/<int:pk>/tolerances/", tolerances.portfolio_tolerances,
         name="portfolio-tolerances"),
    path("exceptions/<int:pk>/", tolerances.exception_detail, name="tolerance-exception"),
    path("exceptions/<int:pk>/report/", tolerances.exception_report, name="exception-report"),
    path("exceptions/<int:pk>/resolve/", tolerances.exception_resolve, name="exception-resolve"),
    path("projects/<int:pk>/governance/save-as-template/", tolerances.template_save,
         name="project-save-template"),
]
