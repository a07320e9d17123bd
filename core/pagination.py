"""One page of a long list: the caseload, the sites and the referrals of a program lead hold
thousands of rows at state scale, and a tablet on a weak connection should get fifty."""

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50


class ListPage(Page):
    """A page that knows the rest of the query string, so its links keep a search."""

    other_params = ""


class ListPaginator(Paginator):
    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        return ListPage(*args, **kwargs)


def page_of(
    request: HttpRequest, items: Any, *, per_page: int = PER_PAGE, count: int | None = None
) -> ListPage:
    """The page ?page= asks for: the first for anything that is not a number, the last for a
    number past the end (never an error). `count`, when the caller has a cheaper way to know
    it than counting `items` (a list annotated with figures per row), saves that count."""
    paginator = ListPaginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = cast(ListPage, paginator.get_page(request.GET.get("page")))
    params = request.GET.copy()
    params.pop("page", None)
    page.other_params = params.urlencode()
    return page
