"""Thin views: read through ``selectors``, explain through ``ledger``, render a template.

Every page needs a logged-in user (``LoginRequiredMiddleware``); only the login page and
the language switch are open, so that a visitor can read the login page in their language.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django.views.i18n import set_language

from arrears.console import labels, selectors, trends
from arrears.console.forms import AccountFilter, RollRateForm
from arrears.console.ledger import ledger

PAGE_SIZE = 50


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    context = {"nav": "overview", "o": selectors.portfolio_overview(), "charts": trends.overview_charts()}
    return render(request, "console/overview.html", context)


@require_GET
@vary_on_headers("HX-Request")
def accounts(request: HttpRequest) -> HttpResponse:
    """The list; an htmx request (the filter form, the pager) gets only the results block."""
    form = AccountFilter(request.GET, selectors.filter_choices())
    filters = form.filters()
    page = Paginator(selectors.account_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": "accounts", "form": form, "page": page, "query": query.urlencode(), "filtered": bool(filters)}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "console/_account_results.html", context)
    return render(request, "console/accounts.html", context)


@require_GET
def account(request: HttpRequest, account_id: str) -> HttpResponse:
    found = selectors.account_file(account_id)
    if found is None:
        raise Http404(account_id)
    as_of = found.position.as_of if found.position else timezone.localdate()
    explained = ledger(found.installments, found.payments, found.account.currency, as_of)
    context = {"nav": "accounts", "f": found, "ledger": explained, "path": trends.account_path(found.account.account_id)}
    if found.position and found.position.roll:
        context["move"] = labels.CURE if found.position.cured else labels.label(labels.ROLLS, found.position.roll)
    return render(request, "console/account.html", context)


@require_GET
def roll_rates(request: HttpRequest) -> HttpResponse:
    """The roll-rate matrix of a period as a heat map, and the buckets over time."""
    h = trends.history()
    dates = h.dates()
    form = RollRateForm(request.GET, dates, h.stale_dates())
    page = trends.roll_rate_page(dates, **form.selection())
    return render(request, "console/rollrates.html", {"nav": "rollrates", "form": form, "r": page})


@login_not_required
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, open to visitors who are not logged in yet."""
    return set_language(request)
