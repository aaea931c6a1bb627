"""Pages of documents."""

from django.urls import path

from jalon.documents import views

urlpatterns = [
    path("projects/<int:pk>/documents/", views.project_documents, name="project-documents"),
    path("projects/<int:pk>/documents/generate/", views.generate, name="documents-generate"),
    path("programmes/<int:pk>/documents/", views.programme_documents,
         name="programme-documents"),
    path("portfolios/<int:pk>/documents/", views.portfolio_documents,
         name="portfolio-documents"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/versions/", views.version_add, name="document-version-add"),
    path("documents/<int:pk>/versions/<int:number>/file/", views.download,
         name="document-download"),
    path("documents/<int:pk>/submit/", views.submit, name="document-submit"),
    path("documents/<int:pk>/review/", views.review, name="document-review"),
]
