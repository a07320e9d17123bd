"""One page of a long list: the caseload, the sites and the referrals of a program lead hold
thousands of rows at state scale, and a tablet on a weak connection should get fifty."""

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from core.numbers import parse_int

PER_PAGE = 50


class ListPage(Page):
    """A page that knows the rest of the query string, so its links keep a search."""

    other_params = ""


class ListPaginator(Paginator):
    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        return ListPage(*args, **kwargs)


def _first_page(items: Any, paginator: ListPaginator, per_page: int) -> ListPage:
    """The first page, read with one row more than it shows: a list that fits on it (most
    consultants' caseloads) is counted from those rows, without a COUNT of its own."""
    head = list(items[: per_page + 1])
    if len(head) <= per_page:
        paginator.count = len(head)
    return ListPage(head[:per_page], 1, paginator)


def page_of(request: HttpRequest, items: Any, *, per_page: int = PER_PAGE) -> ListPage:
    """The page ?page= asks for: the first for anything that is not a number, the last for a
    number past the end (never an error)."""
    paginator = ListPaginator(items, per_page)
    asked = request.GET.get("page", "")
    if parse_int(asked) not in (None, 1):
        # Past the end or below 1: the paginator shows the last page.
        page = cast(ListPage, paginator.get_page(asked))
    else:
        page = _first_page(items, paginator, per_page)
    params = request.GET.copy()
    params.pop("page", None)
    page.other_params = params.urlencode()
    return page
