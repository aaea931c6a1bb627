"""The signed-in user's account page: change one's password, list, create and revoke one's
personal API tokens. Accounts sit below the page frame, so these views use Django's own
``login_required`` rather than ``jalon.web``'s decorator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jalon.accounts import selectors, services
from jalon.accounts.forms import TokenForm
from jalon.errors import ValidationFailed


def _page(request: HttpRequest, *, password_form: PasswordChangeForm | None = None,
          token_form: TokenForm | None = None, secret: str | None = None,
          status: int = 200) -> HttpResponse:
    return render(request, "accounts/account.html", {
        "password_form": password_form or PasswordChangeForm(request.user),
        "token_form": token_form or TokenForm(),
        "tokens": selectors.tokens_of(user=request.user),
        "secret": secret,
    }, status=status)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _page(request, password_form=form, status=422)
    form.save()
    update_session_auth_hash(request, form.user)  # stay signed in on this browser only
    messages.success(request, _("Your password was changed."))
    return redirect("account")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.token_create(username=request.user.get_username(),
                                               name=form.cleaned_data["name"],
                                               days=form.cleaned_data["days"])
        except ValidationFailed as exc:
            form.add_error("days", exc.message)
        else:
            return _page(request, secret=raw, status=201)
    return _page(request, token_form=form, status=422)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.tokens_of(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404(_("Not found."))
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(prefix)s… was revoked: it no longer opens the API.")
                     % {"prefix": token.prefix})
    return redirect("account")
