"""Benchmark 2: each page's number of queries at small and at statewide scale: they must be equal.

    python -m bench.query_counts --small postgres://.../iecmh_bench_small \\
                                 --statewide postgres://.../iecmh_bench

Each database is measured in its own process (one DATABASE_URL per process); a page is requested
once to warm caches, then counted on the second request.
"""

import argparse
import json
import os
import subprocess
import sys


def count_here() -> dict[str, int | None]:
    from bench import settings as bench_settings

    bench_settings.configure()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import client_for, find_subjects, floor_page, pages

    subjects = find_subjects()
    counts: dict[str, int | None] = {}
    for page in [floor_page(subjects), *pages(subjects)]:
        if page.url is None:
            counts[page.name] = None
            continue
        client = client_for(page.user)
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        counts[page.name] = len(captured) if response.status_code == 200 else -response.status_code
    return counts


def measure(database_url: str) -> dict[str, int | None]:
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-m", "bench.query_counts", "--here"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default=os.environ.get("SMALL_DATABASE_URL"))
    parser.add_argument("--statewide", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.here:
        print(json.dumps(count_here()))
        return
    if not (args.small and args.statewide):
        parser.error("give --small and --statewide database URLs")
    small, statewide = measure(args.small), measure(args.statewide)

    from bench.common import print_table

    rows = []
    for name in statewide:
        a, b = small.get(name), statewide.get(name)
        if a is None or b is None:
            rows.append([name, "missing", "missing", ""])
            continue
        if a < 0 or b < 0:
            rows.append([name, f"HTTP {-a}" if a < 0 else a, f"HTTP {-b}" if b < 0 else b, "no"])
            continue
        rows.append([name, a, b, "yes" if a == b else f"no ({b / a:.2f}x)"])
    print_table(["page", "queries (small)", "queries (statewide)", "equal"], rows)


if __name__ == "__main__":
    main()
