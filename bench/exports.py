"""Benchmark 3: the visit-level CSV export, streamed through its view, against psycopg 3 COPY.

    DATABASE_URL=postgres://... python -m bench.exports [--rows 10000 500000]

For each row count: rows/s through the view (Django test client, the response consumed as a
download would be) and rows/s of `COPY (the export's own main query) TO STDOUT` on the same data;
then the peak memory (max RSS) of a fresh process that runs only that export, so the growth from
the smallest to the largest export shows whether memory stays flat.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time


def _setup():
    from bench import settings as bench_settings

    bench_settings.configure()


def date_range_for(rows: int) -> tuple[str, str, int]:
    """The most recent period that holds about `rows` visits (all visits if fewer)."""
    from django.db.models import Min
    from django.utils import timezone

    from consultation.models import Visit

    visits = Visit.objects.filter(is_archived=False)
    today = timezone.localdate()
    boundary = visits.order_by("-visit_date").values_list("visit_date", flat=True)[rows - 1 : rows]
    start = boundary[0] if boundary else visits.aggregate(m=Min("visit_date"))["m"]
    return start.isoformat(), today.isoformat(), visits.filter(visit_date__gte=start).count()


def export_url(date_from: str, date_to: str) -> str | None:
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("reports:export_visits")
    except NoReverseMatch:
        return None
    query = {"period": "custom", "date_from": date_from, "date_to": date_to}
    return f"{url}?{urlencode(query)}"


def run_view(client, url: str) -> tuple[int, int, float, list[dict]]:
    """Rows, bytes and seconds for one export through the view, and the queries it sent."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"export answered {response.status_code}")
        lines = size = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
            size += len(chunk)
    return lines - 1, size, time.perf_counter() - started, captured.captured_queries


def main_query(queries: list[dict]) -> str:
    """The export's own SELECT of visits (not the count, not the per-chunk prefetches)."""
    for query in queries:
        sql = query["sql"]
        if sql.startswith("DECLARE ") and " FOR SELECT " in sql:
            # A server-side cursor (QuerySet.iterator() on PostgreSQL): its query follows FOR.
            sql = sql[sql.index(" FOR SELECT ") + len(" FOR ") :]
        if (
            sql.lstrip().upper().startswith("SELECT")
            and 'FROM "consultation_visit"' in sql
            and "COUNT(" not in sql.upper()
        ):
            return sql
    raise SystemExit("could not find the export's visit query among the captured queries")


def run_copy(sql: str) -> tuple[int, int, float]:
    from django.db import connection

    started = time.perf_counter()
    rows = size = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:
        for data in copy:
            rows += bytes(data).count(b"\n")
            size += len(data)
    return rows, size, time.perf_counter() - started


def memory_run(rows: int) -> dict:
    """In a fresh process: max RSS after a tiny warm-up export, and after the real one."""
    _setup()
    from bench.common import client_for, find_subjects

    subjects = find_subjects()
    client = client_for(subjects.lead)
    date_from, date_to, _ = date_range_for(100)
    run_view(client, export_url(date_from, date_to))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    date_from, date_to, expected = date_range_for(rows)
    got, _, seconds, _ = run_view(client, export_url(date_from, date_to))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": got, "before_kb": before, "after_kb": after, "seconds": seconds}


def _speed_row(client, target: int) -> list | None:
    """The export of about `target` rows through its view, against COPY of its main query."""
    date_from, date_to, _expected = date_range_for(target)
    url = export_url(date_from, date_to)
    if url is None:
        return None
    view_rows, view_bytes, view_s, queries = run_view(client, url)
    copy_rows, copy_bytes, copy_s = run_copy(main_query(queries))
    view_rate, copy_rate = view_rows / view_s, copy_rows / copy_s
    return [
        f"{view_rows:,}",
        f"{view_rate:,.0f}",
        f"{copy_rate:,.0f}",
        f"{view_rate / copy_rate:.2f}",
        f"{view_bytes / 1e6:.1f} / {copy_bytes / 1e6:.1f}",
        len(queries),
    ]


def _memory_of_a_fresh_process(target: int) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--memory-run", str(target)],
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _print_results(speed_rows: list[list], memory_rows: list[dict]) -> None:
    from bench.common import print_table

    print("Export speed (view streamed through the test client vs COPY of its main query)")
    print_table(
        ["rows", "view rows/s", "COPY rows/s", "view / COPY", "MB view / COPY", "queries"],
        speed_rows,
    )
    print()
    print("Peak memory of a process running one export (max RSS)")
    first = memory_rows[0]["after_kb"]
    print_table(
        ["rows", "RSS before (MB)", "peak RSS (MB)", "growth vs smallest export (MB)"],
        [
            [
                f"{m['rows']:,}",
                f"{m['before_kb'] / 1024:.1f}",
                f"{m['after_kb'] / 1024:.1f}",
                f"{(m['after_kb'] - first) / 1024:+.1f}",
            ]
            for m in memory_rows
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 500_000])
    parser.add_argument("--memory-run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        print(json.dumps(memory_run(args.memory_run)))
        return

    _setup()
    from django.db import connection

    from bench.common import client_for, find_subjects, machine

    if connection.vendor != "postgresql":
        raise SystemExit("COPY needs PostgreSQL: set DATABASE_URL.")
    print(f"machine: {machine()}")
    client = client_for(find_subjects().lead)
    speed_rows, memory_rows = [], []
    for target in args.rows:
        row = _speed_row(client, target)
        if row is None:
            print("visit-level export: missing (no reports:export_visits URL)")
            return
        speed_rows.append(row)
        memory_rows.append(_memory_of_a_fresh_process(target))
    _print_results(speed_rows, memory_rows)


if __name__ == "__main__":
    main()
