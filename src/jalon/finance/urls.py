"""The finance pages: a project's finance tab and the KPI dashboards."""

from django.urls import path

from jalon.finance import views

urlpatterns = [
    path("projects/<int:pk>/finance/", views.project_finance, name="project-finance"),
    path("projects/<int:pk>/finance/budget/export/", views.budget_export, name="budget-export"),
    path("projects/<int:pk>/finance/costs/export/", views.cost_export, name="cost-export"),
    path("projects/<int:pk>/finance/budget/new/", views.budget_line_add, name="budget-line-add"),
    path("projects/<int:pk>/finance/budget/<int:line_pk>/edit/", views.budget_line_edit,
         name="budget-line-edit"),
    path("projects/<int:pk>/finance/budget/<int:line_pk>/months/", views.budget_months_edit,
         name="budget-months"),
    path("projects/<int:pk>/finance/budget/<int:line_pk>/delete/", views.budget_line_delete,
         name="budget-line-delete"),
    path("projects/<int:pk>/finance/fixed-costs/new/", views.fixed_cost_add,
         name="fixed-cost-add"),
    path("projects/<int:pk>/finance/fixed-costs/<int:cost_pk>/delete/", views.fixed_cost_delete,
         name="fixed-cost-delete"),
    path("projects/<int:pk>/finance/costs/new/", views.cost_add, name="cost-add"),
    path("projects/<int:pk>/finance/costs/import/", views.cost_import, name="cost-import"),
    path("projects/<int:pk>/finance/costs/<int:entry_pk>/delete/", views.cost_delete,
         name="cost-delete"),
    path("projects/<int:pk>/finance/override/", views.override_set, name="rag-override"),
    path("projects/<int:pk>/finance/snapshot/", views.snapshot_take, name="kpi-snapshot"),
    path("kpis/", views.dashboard, name="kpi-dashboard"),
    path("portfolios/<int:pk>/kpis/", views.dashboard, name="portfolio-kpis"),
    path("kpis/export/", views.dashboard_export, name="kpi-dashboard-export"),
    path("portfolios/<int:pk>/kpis/export/", views.dashboard_export,
         name="portfolio-kpis-export"),
    path("programmes/<int:pk>/kpis/", views.programme_dashboard, name="programme-kpis"),
    path("programmes/<int:pk>/kpis/export/", views.programme_dashboard_export,
         name="programme-kpis-export"),
    path("portfolios/<int:pk>/kpis/thresholds/", views.thresholds_edit, name="kpi-thresholds"),
    path("portfolios/<int:pk>/kpis/snapshot/", views.portfolio_snapshots,
         name="portfolio-kpi-snapshot"),
]
