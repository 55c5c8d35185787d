"""The console's pages: login and logout, the language switch, the overview, accounts, roll rates."""

from django.contrib.auth import views as auth_views
from django.urls import path

from arrears.console import views

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="console/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("", views.overview, name="overview"),
    path("accounts/", views.accounts, name="accounts"),
    path("roll-rates/", views.roll_rates, name="rollrates"),
    path("accounts/<path:account_id>/", views.account, name="account"),
]
