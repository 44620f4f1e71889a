"""villages.pagination and templates/includes/pagination.html: one page size, links that keep the search."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from villages.pagination import PAGE_SIZE, paginate

LIST = list(range(120))


def _page(query: str):
    return paginate(RequestFactory().get(f"/list/?{query}"), LIST)


def test_pages_hold_fifty_rows_by_default():
    page = _page("")
    assert (page.number, len(page.object_list), page.paginator.num_pages) == (1, PAGE_SIZE, 3)


def test_per_page_is_kept_within_bounds():
    assert _page("per_page=5").paginator.per_page == 10
    assert _page("per_page=1000").paginator.per_page == 200
    assert _page("per_page=many").paginator.per_page == PAGE_SIZE


def test_a_page_past_the_end_is_the_last_and_nonsense_the_first():
    assert _page("page=99").number == 3
    assert _page("page=x").number == 1


def test_the_links_keep_the_other_parameters():
    request = RequestFactory().get("/list/?q=王&page=2&status=active")
    html = render_to_string("includes/pagination.html", {"page": paginate(request, LIST)}, request=request)
    assert "?q=%E7%8E%8B&amp;page=1&amp;status=active" in html
    assert "?q=%E7%8E%8B&amp;page=3&amp;status=active" in html


def test_a_single_page_shows_no_links():
    request = RequestFactory().get("/list/")
    assert "pagination" not in render_to_string("includes/pagination.html", {"page": paginate(request, LIST[:3])},
                                                request=request)


def test_labels_can_be_named_by_the_page():
    request = RequestFactory().get("/list/?page=2")
    html = render_to_string("includes/pagination.html", {"page": paginate(request, LIST), "previous_label": "Newer",
                                                         "next_label": "Older"}, request=request)
    assert ">Newer</a>" in html and ">Older</a>" in html


def test_the_household_list_pages_and_exports_with_the_search_kept(client, town_office):
    client.force_login(town_office)
    response = client.get(reverse("members:households") + "?per_page=10&q=%E7%8E%8B&page=1")
    assert response.status_code == 200 and response.context["page"].paginator.per_page == 10
    export = reverse("reports:registry_export", args=["csv"])
    assert f'href="{export}?per_page=10&amp;q=%E7%8E%8B"' in response.content.decode()
