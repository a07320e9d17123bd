"""Benchmark 1: each page against the floor (a trivial signed-in view through the same middleware).

    DATABASE_URL=postgres://... python -m bench.pages [--requests 50]

Prints median and p95 per page and each page's ratio to the floor's median measured in the same
run; for the reports page also the ratio to the time of its own SQL run directly (EXPLAIN ANALYZE
planning + execution of every SELECT the page ran, shown for every page as "SQL ms"), so ORM and
rendering overhead is visible. --show-slowest prints each page's slowest query.
"""

import argparse
import json

from bench import settings as bench_settings

bench_settings.configure()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.common import (  # noqa: E402
    client_for,
    find_subjects,
    floor_page,
    machine,
    median,
    pages,
    percentile,
    print_table,
    time_requests,
)
from bench.visit_save import save_page, save_row  # noqa: E402


def scans(node: dict) -> list[str]:
    """The sequential scans of a plan and their row counts: where an index may be missing."""
    found = []
    if node.get("Node Type") == "Seq Scan":
        found.append(
            f"Seq Scan on {node['Relation Name']}: {node['Actual Rows'] * node['Actual Loops']:,}"
            f" rows kept, {node.get('Rows Removed by Filter', 0):,} removed,"
            f" {node['Actual Total Time']:.1f} ms"
        )
    for child in node.get("Plans", []):
        found.extend(scans(child))
    return found


def explain_page(client, url: str) -> tuple[float, int, tuple[float, str]]:
    """Build the page once, then EXPLAIN ANALYZE each SELECT it sent.

    Returns the total planning + execution time (ms), the number of SELECTs, and the slowest
    one (ms, SQL)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    total = 0.0
    count = 0
    slowest = (0.0, "")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith("DECLARE ") and " FOR SELECT " in sql:
                sql = sql[sql.index(" FOR SELECT ") + len(" FOR ") :]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            ms = plan[0]["Planning Time"] + plan[0]["Execution Time"]
            total += ms
            count += 1
            if ms > slowest[0]:
                slowest = (ms, f"{sql[:300]}...\n  " + "\n  ".join(scans(plan[0]["Plan"])))
    return total, count, slowest


HEADERS = [
    "page",
    "median ms",
    "p95 ms",
    "x floor (median)",
    "SQL ms (queries)",
    "x own SQL (median)",
    "bytes",
    "n",
    "non-200",
]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--budget",
        type=float,
        default=120,
        help="Seconds per page at most; a slower page is timed on fewer requests (column n).",
    )
    parser.add_argument(
        "--show-slowest", action="store_true", help="Print each page's slowest query after."
    )
    parser.add_argument(
        "--only", default="", help="Time only the pages whose name contains this text."
    )
    return parser.parse_args()


def _page_row(page, floor_median: float, args, slowest: list) -> list:
    """One line of the table: the page's median and p95, its ratio to the floor, its SQL."""
    if page.url is None:
        return [page.name, "missing", "", "", "", "", "", "", ""]
    client = client_for(page.user)
    try:
        times, errors = time_requests(
            lambda c=client, u=page.url: c.get(u), args.requests, budget=args.budget
        )
    except Exception as exc:  # a broken page is a row in the table, not the end of the run
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:70]
        return [page.name, f"error: {message}", "", "", "", "", "", "", ""]
    page_median = median(times)
    size = len(client.get(page.url).content)
    sql_ms = vs_sql = ""
    if connection.vendor == "postgresql":
        total_ms, n, (slow_ms, slow_sql) = explain_page(client, page.url)
        sql_ms = f"{total_ms:.1f} ({n})"
        if page.name.startswith("reports"):
            vs_sql = f"{page_median * 1000 / total_ms:.2f}"
        if args.show_slowest:
            slowest.append((page.name, slow_ms, slow_sql))
    return [
        page.name,
        f"{page_median * 1000:.1f}",
        f"{percentile(times, 95) * 1000:.1f}",
        f"{page_median / floor_median:.2f}",
        sql_ms,
        vs_sql,
        f"{size:,}",
        len(times),
        errors,
    ]


def main() -> None:
    args = _arguments()
    subjects = find_subjects()
    print(f"machine: {machine()}")
    print(
        f"busiest consultant: {subjects.consultant.username}; supervisor: "
        f"{subjects.supervisor.username}; long case visits: "
        f"{subjects.long_case.visits.count() if subjects.long_case else 0}"
    )
    floor = floor_page(subjects)
    floor_client = client_for(floor.user)
    floor_times, floor_errors = time_requests(lambda: floor_client.get(floor.url), args.requests)
    floor_median = median(floor_times)
    rows = [
        [
            floor.name,
            f"{floor_median * 1000:.1f}",
            f"{percentile(floor_times, 95) * 1000:.1f}",
            "1.00",
            "",
            "",
            "",
            len(floor_times),
            floor_errors,
        ]
    ]
    slowest: list[tuple[str, float, str]] = []
    for page in pages(subjects):
        if args.only in page.name:
            rows.append(_page_row(page, floor_median, args, slowest))
    save = save_page(subjects)
    if save is not None and args.only in save.name:
        rows.append(save_row(save.name, save, floor_median, args.requests))
    print(f"up to {args.requests} requests per page, Django test client, DEBUG off")
    print("every page built from the database (no page is kept between requests)")
    print_table(HEADERS, rows)
    for name, ms, sql in slowest:
        print(f"\nslowest query of {name}: {ms:.1f} ms\n{sql}")


if __name__ == "__main__":
    main()
