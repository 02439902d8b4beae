"""The partnership's colour on its public site: WCAG 2.2 contrast with white text, and
``cypp site settings``."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from cypp.accounts.models import AuditEvent
from cypp.errors import ApplicationError
from cypp.publishing.colours import contrast_ratio, contrast_with_white, relative_luminance
from cypp.publishing.models import PublicSite
from cypp.publishing.services import public_site_settings_save
from tests.conftest import cli
from tests.plans.factories import partnership_make


def test_relative_luminance_of_black_white_and_a_primary() -> None:
    # WCAG 2.2's definition: white 1, black 0; pure red is its red coefficient, 0.2126.
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == pytest.approx(0.0)
    assert relative_luminance("#FF0000") == pytest.approx(0.2126)


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [
        # Black on white: the largest ratio there is, 21:1 (WCAG 2.2, "contrast ratio").
        ("#000000", 21.0),
        # #767676, the lightest grey that passes AA on white, 4.54:1 (WebAIM contrast
        # checker); #777777, one step lighter, fails at 4.48:1.
        ("#767676", 4.54),
        ("#777777", 4.48),
        # GOV.UK's link blue #1d70b8 on white: 5.17:1 (GOV.UK Design System, colour).
        ("#1d70b8", 5.17),
    ],
)
def test_contrast_with_white_matches_published_ratios(colour: str, ratio: float) -> None:
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.005)
    assert contrast_ratio("#ffffff", colour) == contrast_with_white(colour)


def test_a_colour_that_is_not_written_hex_is_refused() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        relative_luminance("blue")


@pytest.mark.django_db
def test_the_colour_is_set_with_audit_and_a_light_one_refused() -> None:
    partnership = partnership_make("site-colours")
    site = public_site_settings_save(partnership=partnership.key, colour="#1D70B8")
    assert site.colour == "#1d70b8"
    assert AuditEvent.objects.filter(object_type="publishing.publicsite").count() == 1
    with pytest.raises(ApplicationError, match=r"4\.48:1, under the 4\.5:1"):
        public_site_settings_save(partnership=partnership.key, colour="#777777")
    with pytest.raises(ApplicationError, match="not a colour"):
        public_site_settings_save(partnership=partnership.key, colour="blue")
    with pytest.raises(ApplicationError, match="no partnership"):
        public_site_settings_save(partnership="nobody", colour="#000000")
    assert PublicSite.objects.get(partnership=partnership).colour == "#1d70b8"


@pytest.mark.django_db
def test_the_command_sets_the_colour_and_says_its_contrast() -> None:
    partnership = partnership_make("site-command")
    said = cli("site", "settings", "--partnership", partnership.key, "--colour", "#0b0c0c")
    assert said.startswith("Site Command's public site colour is #0b0c0c (white text on it: ")
    with pytest.raises(CommandError, match="choose a darker colour"):
        cli("site", "settings", "--partnership", partnership.key, "--colour", "#ffdd00")
