"""The benchmarks' page list works: every page they time answers 200 on synthetic data.

No timing here (speed is measured by hand in bench/, never in unit tests): this keeps the
scripts from silently timing an error page or a missing URL after the app changes."""

from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command

from bench.common import client_for, find_subjects, floor_page, pages, time_requests
from bench.visit_save import save_page, typical_visit
from consultation.models import Visit

pytestmark = pytest.mark.django_db


def test_every_benchmarked_page_answers_200_on_small_synthetic_data(settings):
    settings.ROOT_URLCONF = "bench.urls"  # the project's URLs plus the floor
    call_command("generate_synthetic", "--scale", "small", "--seed", "3", stdout=StringIO())
    subjects = find_subjects()
    assert subjects.long_case is not None and subjects.open_case is not None
    benchmarked = [floor_page(subjects), *pages(subjects)]
    # The floor, 9 pages, and the visit form at a busy site for each focus of case.
    assert len(benchmarked) == 13
    for page in benchmarked:
        assert page.url is not None, page.name
        client = client_for(page.user)
        timings, errors = time_requests(lambda c=client, u=page.url: c.get(u), 2, warmup=1)
        assert (len(timings), errors) == (2, 0), page.name


def test_the_typical_visit_the_bench_saves_is_a_valid_form(settings):
    settings.ROOT_URLCONF = "bench.urls"
    call_command("generate_synthetic", "--scale", "small", "--seed", "3", stdout=StringIO())
    page = save_page(find_subjects())
    assert page is not None
    before = Visit.objects.count()
    data = typical_visit(page.case)
    response = client_for(page.user).post(page.url, {**data, "visit-token": str(uuid4())})
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Visit.objects.latest("pk")
    assert Visit.objects.count() == before + 1
    assert (visit.children.count(), visit.concerns.count(), visit.activities.count()) == (2, 3, 4)
