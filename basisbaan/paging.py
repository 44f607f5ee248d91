"""Pagination for every list: numbered pages and a page size the user chooses."""

from django.core.paginator import Page, Paginator

PAGE_SIZES = (25, 50, 100)
PAGE_PARAM = "pagina"
SIZE_PARAM = "per_pagina"


def paginate(request, object_list, *, default: int = 25) -> Page:
    """The page of `object_list` the query string asks for ("pagina", "per_pagina": one of
    PAGE_SIZES, else `default`), with the numbers to show (`page.numbers`: elided, e.g.
    1 … 4 5 [6] 7 8 … 20) and the size choices (`page.sizes`)."""
    try:
        size = int(request.GET.get(SIZE_PARAM, ""))
    except ValueError:
        size = default
    if size not in PAGE_SIZES:
        size = default
    paginator = Paginator(object_list, size)
    page = paginator.get_page(request.GET.get(PAGE_PARAM))
    page.size = size
    page.sizes = sorted({*PAGE_SIZES, default})
    page.numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    page.ellipsis = Paginator.ELLIPSIS
    return page
