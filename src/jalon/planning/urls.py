"""The project's overview, tasks and Gantt pages, and the portfolio and programme Gantts."""

from django.urls import path

from jalon.planning.views import gantt, overview, tasks

urlpatterns = [
    path("projects/<int:pk>/", overview.project_overview, name="project-overview"),
    path("projects/<int:pk>/baselines/new/", overview.baseline_create, name="baseline-create"),
    path("projects/<int:pk>/gantt/", gantt.project_gantt, name="project-gantt"),
    path("portfolios/<int:pk>/gantt/", gantt.portfolio_gantt, name="portfolio-gantt"),
    path("programmes/<int:pk>/gantt/", gantt.programme_gantt, name="programme-gantt"),
    path("projects/<int:pk>/tasks/", tasks.task_table, name="project-tasks"),
    path("projects/<int:pk>/tasks/export/", tasks.task_export, name="task-export"),
    path("projects/<int:pk>/dependencies/export/", tasks.dependency_export,
         name="dependency-export"),
    path("projects/<int:pk>/tasks/add/", tasks.task_add, name="task-add"),
    path("projects/<int:pk>/tasks/<int:task_pk>/edit/", tasks.task_edit, name="task-edit"),
    path("projects/<int:pk>/tasks/<int:task_pk>/details/", tasks.task_details, name="task-details"),
    path("projects/<int:pk>/tasks/<int:task_pk>/<slug:action>/", tasks.task_action, name="task-action"),
]
