"""The calendar feeds page and the feeds' secret addresses."""

from django.urls import path

from jalon.feeds import views

urlpatterns = [
    path("calendar-feeds/", views.feed_list, name="calendar-feeds"),
    path("calendar-feeds/<int:pk>/revoke/", views.feed_revoke, name="calendar-feed-revoke"),
    path("feeds/<str:secret>.ics", views.calendar_feed, name="calendar-feed"),
]
