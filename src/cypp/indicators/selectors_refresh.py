"""Reads for the live refresh: the schedules, and which are due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from cypp.errors import ApplicationError
from cypp.indicators.models import RefreshSchedule


class UnknownSchedule(ApplicationError):
    """No refresh schedule has the name asked for."""


def refresh_schedules_list() -> QuerySet[RefreshSchedule]:
    return RefreshSchedule.objects.select_related("last_batch").order_by("name")


def refresh_schedule_get(*, name: str) -> RefreshSchedule:
    try:
        return RefreshSchedule.objects.get(name=name)
    except RefreshSchedule.DoesNotExist as missing:
        names = ", ".join(RefreshSchedule.objects.values_list("name", flat=True)) or "none yet"
        raise UnknownSchedule(
            f"No refresh schedule is called {name!r} (schedules: {names})."
        ) from missing


def schedule_is_due(schedule: RefreshSchedule, now: dt.datetime) -> bool:
    """Enabled, and never run or last run ``every_hours`` ago; one queued is not due again
    until a whole interval has passed (a worker stopped before running it)."""
    if not schedule.enabled:
        return False
    every = dt.timedelta(hours=schedule.every_hours)
    if schedule.queued_at is not None and schedule.queued_at + every > now:
        return False
    return schedule.last_run_at is None or schedule.last_run_at + every <= now


def refresh_schedules_due(*, now: dt.datetime) -> list[RefreshSchedule]:
    return [s for s in RefreshSchedule.objects.filter(enabled=True) if schedule_is_due(s, now)]


def refresh_schedule_dict(schedule: RefreshSchedule, now: dt.datetime) -> dict[str, Any]:
    """A schedule as the command's --json prints it."""

    def when(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "name": schedule.name,
        "api": schedule.api,
        "indicator_ids": schedule.indicator_ids,
        "profile_id": schedule.profile_id,
        "area_type": schedule.area_type,
        "dataset_id": schedule.dataset_id,
        "dataset_version": schedule.dataset_version,
        "mapping_file": schedule.mapping_file,
        "recorded_dir": schedule.recorded_dir,
        "every_hours": schedule.every_hours,
        "enabled": schedule.enabled,
        "due": schedule_is_due(schedule, now),
        "queued_at": when(schedule.queued_at),
        "last_run_at": when(schedule.last_run_at),
        "last_batch": schedule.last_batch_id,
        "last_result": schedule.last_result,
        "last_error": schedule.last_error,
    }
