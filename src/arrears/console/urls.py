"""The console's pages."""

urlpatterns: list = []
