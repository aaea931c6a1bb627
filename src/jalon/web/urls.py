from django.urls import path

from jalon.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
