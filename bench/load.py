"""Benchmark 4: gunicorn (3 workers on 127.0.0.1) under a bounded load: my caseload vs the floor.

    DATABASE_URL=postgres://... python -m bench.load [--requests 400] [--concurrency 8]

Starts its own gunicorn on a free loopback port, signs in the busiest consultant (a session made
in the database, no password), sends a fixed number of GET requests with a fixed concurrency to
each page, stops by itself and stops the gunicorn it started. Prints requests/s, latency
percentiles and the error count, and the caseload's requests/s as a ratio of the floor's.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import settings as bench_settings

bench_settings.configure()

from django.conf import settings  # noqa: E402

from bench.common import (  # noqa: E402
    client_for,
    find_subjects,
    floor_page,
    machine,
    pages,
    percentile,
    print_table,
)

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = get(port, "/healthz", cookie="")
            if status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def get(port: int, path: str, cookie: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def run_load(port: int, path: str, cookie: str, requests: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = 0
    remaining = requests
    lock = threading.Lock()

    def worker():
        nonlocal remaining, errors
        while True:
            with lock:
                if remaining <= 0:
                    return
                remaining -= 1
            started = time.perf_counter()
            try:
                status, _ = get(port, path, cookie)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"rps": requests / wall, "latencies": latencies, "errors": errors, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    subjects = find_subjects()
    client = client_for(subjects.consultant)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    targets = [floor_page(subjects), pages(subjects)[0]]
    print(f"machine: {machine()}")
    port = free_port()
    process = start_gunicorn(port, args.workers)
    results = []
    try:
        for page in targets:
            # Warm every worker (imports, template cache, connections) before measuring.
            run_load(port, page.url, cookie, args.workers * 4, args.concurrency)
            results.append(
                (page, run_load(port, page.url, cookie, args.requests, args.concurrency))
            )
    finally:
        process.terminate()
        process.wait(timeout=30)
    floor_rps = results[0][1]["rps"]
    rows = []
    for page, result in results:
        lat = result["latencies"]
        rows.append(
            [
                page.name,
                args.requests,
                f"{result['rps']:.1f}",
                f"{result['rps'] / floor_rps:.2f}",
                f"{percentile(lat, 50) * 1000:.0f}",
                f"{percentile(lat, 95) * 1000:.0f}",
                f"{percentile(lat, 99) * 1000:.0f}",
                result["errors"],
            ]
        )
    print(
        f"gunicorn {args.workers} sync workers on {HOST}, concurrency {args.concurrency}, "
        "one new connection per request"
    )
    print_table(
        ["page", "requests", "req/s", "x floor req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        rows,
    )


if __name__ == "__main__":
    main()
