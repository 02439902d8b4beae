"""Lists a page at a time: ``?page=N&page_size=M``, 50 a page unless asked, 500 at most.

The body is ``{"count", "page", "page_size", "next", "previous", "results"}``; ``next`` and
``previous`` are full addresses keeping the other parameters, null at either end. A page
past the last is empty (its ``previous`` leads back), not an error: a list can shrink
between two requests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

Row = TypeVar("Row")


class Paging(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Which page, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="How many a page, 1 to 500."
    )


def _address(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginated(
    request: HttpRequest,
    rows: Sequence[Row] | QuerySet[Any],
    paging: Paging,
    shown: Callable[[Row], Any] = lambda row: row,
) -> dict[str, Any]:
    """The page ``paging`` asks for of ``rows`` (a list, or a queryset: one count and one
    slice), each row made into its body by ``shown``."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    first = (paging.page - 1) * paging.page_size
    chosen = list(rows[first : first + paging.page_size]) if first < count else []
    last_page = max(1, -(-count // paging.page_size))
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "next": _address(request, paging.page + 1) if paging.page < last_page else None,
        "previous": (
            _address(request, min(paging.page - 1, last_page)) if paging.page > 1 else None
        ),
        "results": [shown(row) for row in chosen],
    }
