"""The dashboard and the portfolio structure's pages."""

from django.urls import path

from jalon.portfolios.views import dashboard, pages, projects, structure, trash

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("portfolios/new/", structure.portfolio_create, name="portfolio-create"),
    path("portfolios/<int:pk>/", pages.portfolio_detail, name="portfolio-detail"),
    path("portfolios/<int:pk>/edit/", structure.portfolio_edit, name="portfolio-edit"),
    path("portfolios/<int:pk>/delete/", structure.portfolio_delete, name="portfolio-delete"),
    path("portfolios/<int:pk>/programmes/new/", structure.programme_create, name="programme-create"),
    path("portfolios/<int:pk>/objectives/new/", structure.objective_create, name="objective-create"),
    path("objectives/<int:pk>/edit/", structure.objective_edit, name="objective-edit"),
    path("objectives/<int:pk>/delete/", structure.objective_delete, name="objective-delete"),
    path("portfolios/<int:pk>/projects/new/", projects.project_create_in_portfolio,
         name="portfolio-project-create"),
    path("programmes/<int:pk>/", pages.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", structure.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/delete/", structure.programme_delete, name="programme-delete"),
    path("programmes/<int:pk>/projects/new/", projects.project_create_in_programme,
         name="programme-project-create"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/delete/", projects.project_delete, name="project-delete"),
    path("trash/", trash.trash_page, name="trash"),
    path("trash/<str:kind>/<int:pk>/restore/", trash.trash_restore, name="trash-restore"),
    path("trash/<str:kind>/<int:pk>/delete/", trash.trash_delete, name="trash-delete"),
]
