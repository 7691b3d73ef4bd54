"""Public mailing-list pages: sign up, confirm, manage preferences, unsubscribe, keep.

No sign-in anywhere: the signed link in an email is the credential (tokens.py).
Whatever is typed on the sign-up form, the answer is the same "check your email"
page, so the form never reveals whether an address is on the list.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from core.ratelimits import over_email_form_limits
from core.rendered_once import FORM_SECONDS, render_framed

from . import services
from .addresses import address_key
from .forms import ANYWHERE, CHOSEN, PreferencesForm, RegisterInterestForm, UnsubscribeForm
from .models import SubscriberStatus
from .tokens import ExpiredToken, InvalidToken, Purpose, make_path, read_token

logger = logging.getLogger(__name__)


def _over_rate_limit(request) -> bool:
    """Count this sign-up attempt per client address and per email address typed."""
    typed = request.POST.get("email", "")
    return over_email_form_limits(
        request,
        group="mailing_list.register",
        per_ip=settings.MAILING_LIST_RATE_PER_IP,
        per_address=settings.MAILING_LIST_RATE_PER_ADDRESS,
        address_key=address_key(typed) if typed.strip() else "",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register_interest(request):
    if request.method == "POST":
        if _over_rate_limit(request):
            return render(request, "mailing_list/rate_limited.html", status=429)
        form = RegisterInterestForm(request.POST)
        if form.is_valid():
            if form.is_bot:
                logger.info("mailing_list: honeypot filled; sign-up dropped")
            else:
                services.subscriber_register(
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    wants_everywhere=form.wants_everywhere,
                    rocu_ids=form.rocu_ids,
                    frequency=form.cleaned_data["frequency"],
                )
            return redirect("mailing_list:check_email")
        return render(request, "mailing_list/register.html", {"form": form})
    # The empty form is the same for everyone but its CSRF token: a frame rendered
    # once, kept as long as the form's markup (it lists the ROCUs by name).
    return render_framed(
        request,
        "mailing_list/register.html",
        shape=(),
        frame_context=lambda: {"form": RegisterInterestForm()},
        holes={},
        plain_context=lambda: {"form": RegisterInterestForm()},
        max_age=FORM_SECONDS,
    )


@require_safe
def check_email(request):
    return render(request, "mailing_list/check_email.html")


def _invalid_link(request):
    return render(request, "mailing_list/link_invalid.html", status=404)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        subscriber = read_token(token, purpose=Purpose.CONFIRM)
    except InvalidToken:
        return _invalid_link(request)
    except ExpiredToken as expired:
        subscriber = expired.subscriber
        if subscriber.status == SubscriberStatus.PENDING:
            if request.method == "POST":
                services.subscriber_send_new_confirmation(subscriber=subscriber)
                return render(request, "mailing_list/check_email.html", {"new_link": True})
            return render(request, "mailing_list/confirm_expired.html", status=410)
    manage_path = _path(subscriber, Purpose.MANAGE)
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return render(request, "mailing_list/confirmed.html", {"manage_path": manage_path})
    if subscriber.status != SubscriberStatus.PENDING:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        return render(request, "mailing_list/confirmed.html", {"manage_path": manage_path})
    # A button, not confirmation on GET: mail scanners open links, people press buttons.
    return render(request, "mailing_list/confirm.html")


def _path(subscriber, purpose: Purpose) -> str:
    return make_path(token_key=subscriber.token_key, purpose=purpose)


def _new_links_requested(request) -> bool:
    return request.method == "POST" and request.POST.get("action") == "new_links"


def _send_new_links(request, subscriber):
    services.subscriber_send_new_links(subscriber=subscriber)
    return render(request, "mailing_list/new_links_sent.html")


def _expired_link(request, subscriber):
    """A genuine link past its age: offer fresh links by email (POST), else explain (410)."""
    if _new_links_requested(request):
        return _send_new_links(request, subscriber)
    return render(request, "mailing_list/link_expired.html", status=410)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscriber = read_token(token, purpose=Purpose.MANAGE)
    except InvalidToken:
        return _invalid_link(request)
    except ExpiredToken as expired:
        return _expired_link(request, expired.subscriber)
    if subscriber.status not in (SubscriberStatus.CONFIRMED, SubscriberStatus.PENDING):
        return render(request, "mailing_list/unsubscribed.html")
    if _new_links_requested(request):
        return _send_new_links(request, subscriber)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscriber_update_preferences(
                subscriber=subscriber,
                wants_everywhere=form.wants_everywhere,
                rocu_ids=form.rocu_ids,
                frequency=form.cleaned_data["frequency"],
            )
            return redirect(f"{request.path}?saved=1")
    else:
        form = PreferencesForm(
            initial={
                "where": ANYWHERE if subscriber.wants_everywhere else CHOSEN,
                "rocus": list(subscriber.rocus.values_list("pk", flat=True)),
                "frequency": subscriber.frequency,
            }
        )
    return render(
        request,
        "mailing_list/manage.html",
        {
            "form": form,
            "saved": request.GET.get("saved") == "1" and request.method == "GET",
            "unsubscribe_path": _path(subscriber, Purpose.UNSUBSCRIBE),
        },
    )


# Exempt from CSRF on purpose. RFC 8058 one-click unsubscribe is a POST sent by the
# recipient's mail client (List-Unsubscribe-Post), which has no CSRF cookie or
# token; it must work. CSRF protection adds nothing here anyway: the state change
# needs the secret signed token in the URL, which a forging site does not have,
# and the only change possible is stopping emails to the token's own subscriber.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = read_token(token, purpose=Purpose.UNSUBSCRIBE)
    except InvalidToken:
        return _invalid_link(request)
    except ExpiredToken as expired:
        return _expired_link(request, expired.subscriber)
    if subscriber.status not in (SubscriberStatus.CONFIRMED, SubscriberStatus.PENDING):
        return render(request, "mailing_list/unsubscribed.html")
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") == "One-Click":
            services.subscriber_unsubscribe(
                subscriber=subscriber, reason="One-click unsubscribe from an email program"
            )
            return HttpResponse(gettext("You have been unsubscribed."), content_type="text/plain")
        form = UnsubscribeForm(request.POST)
        if form.is_valid():
            services.subscriber_unsubscribe(
                subscriber=subscriber, reason=form.cleaned_data["reason"]
            )
            return redirect(request.path)
    else:
        form = UnsubscribeForm()
    return render(request, "mailing_list/unsubscribe.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def keep(request, token):
    try:
        subscriber = read_token(token, purpose=Purpose.KEEP)
    except InvalidToken:
        return _invalid_link(request)
    except ExpiredToken as expired:
        return _expired_link(request, expired.subscriber)
    if subscriber.status != SubscriberStatus.CONFIRMED:
        return render(request, "mailing_list/unsubscribed.html")
    if request.method == "POST":
        services.subscriber_keep(subscriber=subscriber)
        return render(
            request, "mailing_list/kept.html", {"manage_path": _path(subscriber, Purpose.MANAGE)}
        )
    return render(
        request,
        "mailing_list/keep.html",
        {"unsubscribe_path": _path(subscriber, Purpose.UNSUBSCRIBE)},
    )
