"""
Long collections split into bounded pieces, so that no page grows with the content: a page of a list, the first
few items of each group, and counts done by the database. Each costs one query, whatever the number of items.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.functional import cached_property


def page_of(request, object_list, per_page):
    """
    The page of `object_list` that `?page=` asks for (a number or "last"), as a ListView would give it: a bad or
    out-of-range number is a 404, not a silent first page.
    """
    paginator = Paginator(object_list, per_page)
    number = request.GET.get("page") or 1
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404(f"Invalid page ({number}): {error}") from None


class RememberedCountPaginator(Paginator):
    """
    A paginator whose count (a query over the whole collection, the slowest of a long list's) is remembered until
    content changes (`editorial.pagecache.remember_for_content`), under `count_key`, which must name everything the
    collection depends on (its filters).
    """

    def __init__(self, object_list, per_page, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        from .pagecache import remember_for_content

        return remember_for_content(self.count_key, lambda: Paginator.count.func(self))


def first_of_each(queryset, group, count, ordering):
    """
    {group value: [the first `count` items of `queryset` in that group, in `ordering`]}, in one query: a window
    function numbers the items within each group (on their keys only) and the database keeps the first ones.
    """
    position = Window(RowNumber(), partition_by=F(group), order_by=list(ordering))
    firsts = (
        queryset.select_related(None)
        .annotate(position_in_group=position)
        .filter(position_in_group__lte=count)
        .values("pk")
    )
    items = queryset.filter(pk__in=firsts).order_by(*ordering)
    groups = {}
    for item in items:
        groups.setdefault(item.serializable_value(group), []).append(item)
    return groups


def counts_by(queryset, field):
    """{value of `field`: number of items of `queryset`}, counted by the database."""
    rows = queryset.order_by().values_list(field).annotate(total=Count("pk"))
    return dict(rows.values_list(field, "total"))
