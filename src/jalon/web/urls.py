"""The pages' URL map (the API lives under /api/, the language switch under /i18n/)."""

from django.urls import path

from jalon.web.views import assignments, calendars, home, pool, portfolios, projects, tasks

urlpatterns = [
    path("", home.home, name="home"),
    path("portfolios/<int:pk>/", portfolios.portfolio_detail, name="portfolio-detail"),
    path("portfolios/<int:pk>/projects/new/", portfolios.project_create_in_portfolio,
         name="portfolio-project-create"),
    path("programmes/<int:pk>/", portfolios.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/projects/new/", portfolios.project_create_in_programme,
         name="programme-project-create"),
    path("projects/<int:pk>/", projects.project_overview, name="project-overview"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/delete/", projects.project_delete, name="project-delete"),
    path("projects/<int:pk>/baselines/new/", projects.baseline_create, name="baseline-create"),
    path("projects/<int:pk>/tasks/", tasks.task_table, name="project-tasks"),
    path("projects/<int:pk>/tasks/add/", tasks.task_add, name="task-add"),
    path("projects/<int:pk>/tasks/<int:task_pk>/edit/", tasks.task_edit, name="task-edit"),
    path("projects/<int:pk>/tasks/<int:task_pk>/<slug:action>/", tasks.task_action, name="task-action"),
    path("projects/<int:pk>/resources/", assignments.project_resources, name="project-resources"),
    path("projects/<int:pk>/assignments/<int:assignment_pk>/delete/", assignments.assignment_delete,
         name="assignment-delete"),
    path("resources/", pool.resource_list, name="resource-list"),
    path("resources/new/", pool.resource_create, name="resource-create"),
    path("resources/<int:pk>/edit/", pool.resource_edit, name="resource-edit"),
    path("calendars/", calendars.calendar_list, name="calendar-list"),
    path("calendars/new/", calendars.calendar_create, name="calendar-create"),
    path("calendars/<int:pk>/exceptions/new/", calendars.calendar_exception_create,
         name="calendar-exception-create"),
    path("calendars/<int:pk>/exceptions/<int:exception_pk>/delete/",
         calendars.calendar_exception_delete, name="calendar-exception-delete"),
]
