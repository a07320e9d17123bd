"""One page of a long list: the caseload, the sites and the referrals of a program lead hold
thousands of rows at state scale, and a tablet on a weak connection should get fifty."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 50


def page_of(
    request: HttpRequest, items, *, per_page: int = PER_PAGE, count: int | None = None
) -> Page:
    """The page ?page= asks for: the first for anything that is not a number, the last for a
    number past the end (never an error). `page.other_params` is the rest of the query string,
    so the page links keep a search. `count`, when the caller has a cheaper way to know it than
    counting `items` (a list annotated with figures per row), saves that count."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.other_params = params.urlencode()
    return page
