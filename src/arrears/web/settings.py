"""Django settings, read from the environment (never from files in the repository).

| variable | default | meaning |
|---|---|---|
| ``ARREARS_HOME`` | current directory | where ``var/`` (database, keys, results) lives |
| ``ARREARS_DATABASE_URL`` | ``sqlite:///$ARREARS_HOME/var/arrears.sqlite3`` | or ``postgresql://user:pass@host:port/db`` |
| ``ARREARS_SECRET_KEY`` | random per process (sessions end on restart) | Django's signing key; set it in production |
| ``ARREARS_DEBUG`` | off | Django debug pages; never in production |
| ``ARREARS_ALLOWED_HOSTS`` | ``127.0.0.1,localhost`` | comma-separated |
| ``ARREARS_KEY_FILE`` / ``ARREARS_DATA_KEYS`` | none | data keys, see ``docs/security.md`` |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from arrears.web.database import database_from_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOME = Path(os.environ.get("ARREARS_HOME", Path.cwd()))
VAR_DIR = HOME / "var"

SECRET_KEY = os.environ.get("ARREARS_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = os.environ.get("ARREARS_DEBUG", "") in ("1", "true", "yes")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ARREARS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "arrears.portfolio",
    "arrears.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "arrears.web.urls"
WSGI_APPLICATION = "arrears.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": database_from_url(os.environ.get("ARREARS_DATABASE_URL"), VAR_DIR / "arrears.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # collectstatic target for a separate web server; WhiteNoise serves from the apps
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ARREARS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
