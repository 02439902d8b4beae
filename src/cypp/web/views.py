from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cypp.geography.selectors import geography_summary
from cypp.indicators.selectors import evidence_summary


def home(request: HttpRequest) -> HttpResponse:
    """The evidence loaded so far: each source with its indicators, observations and imports."""
    return render(
        request,
        "web/home.html",
        {"summary": evidence_summary(), "geography": geography_summary()},
    )
