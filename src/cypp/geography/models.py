"""Areas (England, regions, local authorities) and comparator groups such as statistical neighbours."""

from __future__ import annotations

from django.db import models


class AreaType(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    SUB_REGION = "sub_region", "Sub-region"  # Inner and Outer London
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    # A lower-tier (non-metropolitan) district inside a county council's area. Unitary,
    # metropolitan and London authorities are both tiers at once and stay LOCAL_AUTHORITY.
    DISTRICT = "district", "District"


class Area(models.Model):
    """A place that official statistics are published for.

    Either code names the area: the ONS 9-character code (E06000019) or the DfE 3-digit
    "old LA code" (884). Districts have only the ONS code (E07000234 Bromsgrove) and name
    their county (E10000034 Worcestershire). Retired councils are kept, marked retired, so
    that their history still loads and reads.
    """

    code = models.CharField("ONS code", max_length=9, unique=True)
    dfe_code = models.CharField("DfE code", max_length=4, unique=True, null=True, blank=True)
    name = models.CharField(max_length=120)
    area_type = models.CharField(max_length=20, choices=AreaType.choices)
    la_type = models.CharField(
        "local authority type",
        max_length=40,
        blank=True,
        help_text="Unitary, county, metropolitan district, inner or outer London borough.",
    )
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    sub_region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_members"
    )
    county = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
        help_text="For a district: the county council whose area it lies in.",
    )
    retired = models.BooleanField(default=False)
    retired_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["area_type", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ComparatorModel(models.Model):
    """A published way of grouping comparable areas, e.g. the DfE statistical neighbours 2025 model."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, default="statistical_neighbours")
    published = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "key"]

    def __str__(self) -> str:
        return self.name


class Neighbour(models.Model):
    """One area's neighbour in a comparator model, with its rank (1 closest) and closeness label."""

    model = models.ForeignKey(ComparatorModel, on_delete=models.CASCADE, related_name="neighbours")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["model", "area", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["model", "area", "rank"], name="neighbour_rank_unique"),
            models.UniqueConstraint(
                fields=["model", "area", "neighbour"], name="neighbour_once_per_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} → {self.neighbour} (#{self.rank})"
