"""The benchmarks' page list works: every page they time answers 200 on synthetic data.

No timing here (speed is measured by hand in bench/, never in unit tests): this keeps the
scripts from silently timing an error page or a missing URL after the app changes."""

from io import StringIO

import pytest
from django.core.management import call_command

from bench.common import client_for, find_subjects, floor_page, pages, time_requests

pytestmark = pytest.mark.django_db


def test_every_benchmarked_page_answers_200_on_small_synthetic_data(settings):
    settings.ROOT_URLCONF = "bench.urls"  # the project's URLs plus the floor
    call_command("generate_synthetic", "--scale", "small", "--seed", "3", stdout=StringIO())
    subjects = find_subjects()
    assert subjects.long_case is not None and subjects.open_case is not None
    benchmarked = [floor_page(subjects), *pages(subjects)]
    assert len(benchmarked) == 9
    for page in benchmarked:
        assert page.url is not None, page.name
        client = client_for(page.user)
        timings, errors = time_requests(lambda c=client, u=page.url: c.get(u), 2, warmup=1)
        assert (len(timings), errors) == (2, 0), page.name
