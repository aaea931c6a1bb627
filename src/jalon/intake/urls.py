"""The pages of proposals and scoring models."""


urlpatterns: list = []
