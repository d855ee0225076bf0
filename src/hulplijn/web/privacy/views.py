"""The privacy statement, with the retention periods as they are configured, and the page that
says who runs the service and how to reach a person (as configured, never invented)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hulplijn.web.caching import public
from hulplijn.web.privacy import retention


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"periods": retention.periods()})


@public
def about(request: HttpRequest) -> HttpResponse:
    """Over ons / contact: the HULPLIJN_CONTACT_* settings; what is not set is not shown, and
    with nothing set the page says so."""
    contact = {
        "organisation": settings.HULPLIJN_CONTACT_ORGANISATION.strip(),
        "email": settings.HULPLIJN_CONTACT_EMAIL.strip(),
        "phone": settings.HULPLIJN_CONTACT_PHONE.strip(),
        "address": settings.HULPLIJN_CONTACT_ADDRESS.strip(),
        "hours": settings.HULPLIJN_CONTACT_HOURS.strip(),
    }
    reachable = bool(contact["email"] or contact["phone"] or contact["address"])
    return render(
        request,
        "about.html",
        {
            "contact": contact,
            "reachable": reachable,
            "example": settings.HULPLIJN_CONTACT_IS_EXAMPLE,
            # a telephone link: the digits and a leading + only
            "phone_link": "".join(c for c in contact["phone"] if c.isdigit() or c == "+")
            if contact["phone"]
            else "",
        },
    )
