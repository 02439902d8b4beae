"""What is wrong with a plan file: each problem names the file, the YAML path and the line."""

from __future__ import annotations

from dataclasses import dataclass

from cypp.errors import ApplicationError, rejection_message


@dataclass(frozen=True, slots=True)
class PlanProblem:
    file: str
    path: str  # e.g. plan.priorities[2].outcomes[0].measures[1].target
    line: int | None  # 1-based line of the file; None for a plan built in memory
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.reason}" if self.path else f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "path": self.path, "line": self.line, "reason": self.reason}


class PlanFileRejected(ApplicationError):
    """The plan file was rejected whole; nothing was written. ``problems`` lists every reason."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = problems
        super().__init__(rejection_message("Plan file", problems, shown=100))
