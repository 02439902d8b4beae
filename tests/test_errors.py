"""One error family: every refusal a service shows to a person is an ``ApplicationError``,
carries the person's message, and is still caught where it was caught by its older base."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cypp.accounts.lockout import UnlockError
from cypp.accounts.services import AccountsError
from cypp.commentary.services import CommentaryError, ConsentMissing, InvalidTransition
from cypp.errors import ApplicationError, error_message
from cypp.geography.services import GeographyError
from cypp.governance.minutes.model import MinutesError
from cypp.governance.services import GovernanceError
from cypp.indicators.import_uploads import ImportUploadError
from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.indicators.periods import PeriodError
from cypp.indicators.rollback import RollbackRefused
from cypp.operations.databases import BackupError
from cypp.plans.deleted_items import RestoreRefused
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem
from cypp.plans.services import RatingRulesRejected
from cypp.reports.board_report import BoardReportError
from cypp.reports.builds import BoardPackError
from cypp.reports.comparator_groups import ComparatorGroupError
from cypp.safe_yaml import YamlRefused

PLAIN = [
    AccountsError,
    UnlockError,
    CommentaryError,
    InvalidTransition,
    ConsentMissing,
    GeographyError,
    GovernanceError,
    ImportUploadError,
    PeriodError,
    RollbackRefused,
    BackupError,
    RestoreRefused,
    RatingRulesRejected,
    ComparatorGroupError,
]
# Classes code elsewhere still catches by their older base (``except ValueError``).
STILL_VALUE_ERRORS = [
    AccountsError,
    UnlockError,
    GeographyError,
    GovernanceError,
    PeriodError,
    RatingRulesRejected,
    ComparatorGroupError,
    MinutesError,
]


@pytest.mark.parametrize("cls", PLAIN)
def test_each_refusal_is_an_application_error_with_the_message(cls):
    error = cls("You cannot do that: it is locked.")
    assert isinstance(error, ApplicationError)
    assert error.message == "You cannot do that: it is locked."
    assert str(error) == "You cannot do that: it is locked."  # as pages showed it before
    with pytest.raises(ApplicationError, match="it is locked"):
        raise error


@pytest.mark.parametrize("cls", STILL_VALUE_ERRORS)
def test_the_older_value_error_base_still_catches(cls):
    with pytest.raises(ValueError):
        raise cls("No.")


def test_the_reports_classes_stay_validation_errors_for_forms():
    pack = BoardPackError("That reporting period belongs to another plan.")
    assert isinstance(pack, ValidationError) and isinstance(pack, ApplicationError)
    assert pack.message == "That reporting period belongs to another plan."
    assert pack.messages == ["That reporting period belongs to another plan."]
    # A board report names each field: a {field: messages} dict, as a form's add_error takes.
    report = BoardReportError({"summary": ["Write a summary."], "title": ["Too long."]})
    assert report.message_dict == {"summary": ["Write a summary."], "title": ["Too long."]}
    assert not hasattr(report, "message")  # Django would read it as one message
    assert error_message(report) == "Write a summary. Too long."
    # Wrapped again, as Django's forms do, it keeps every field's message.
    assert ValidationError(report).message_dict == report.message_dict


def test_the_minutes_error_names_its_file():
    error = MinutesError("No agenda items found.", file="board-2024-03.html")
    assert isinstance(error, ApplicationError) and isinstance(error, ValueError)
    assert error.file == "board-2024-03.html" and error.reason == "No agenda items found."
    assert error.message == str(error) == "board-2024-03.html: No agenda items found."
    assert MinutesError("No agenda items found.").file is None


def test_a_whole_file_rejection_is_one_too():
    problem = Problem(file="a.csv", row=3, column="value", value="x", reason="not a number")
    rejected = ImportRejected([problem])
    assert isinstance(rejected, ApplicationError) and rejected.problems == [problem]
    assert rejected.message.startswith("Import rejected: 1 problem(s); nothing was changed.")
    plan = PlanFileRejected(
        [PlanProblem(file="plan.yaml", path="title", line=None, reason="missing")]
    )
    assert isinstance(plan, ApplicationError)
    assert "plan.yaml: title: missing" in plan.message


def test_the_missing_consent_names_its_field():
    assert ConsentMissing("Record consent first.").field == "consent_recorded"
    assert CommentaryError("No.").field is None


def test_yaml_refused_stays_a_yaml_error():
    import yaml

    # Kept outside the family on purpose: the YAML readers catch every yaml.YAMLError (with
    # its line and column) in one place, and a refused text is one of those.
    assert issubclass(YamlRefused, yaml.YAMLError)
    assert not issubclass(YamlRefused, ApplicationError)


def test_error_message_of_anything():
    assert error_message(ValueError("plain")) == "plain"
    assert error_message(GovernanceError("Say why.")) == "Say why."
