"""Fill the database with a synthetic state program (see devdata/synthetic/)."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devdata import synthetic


class Command(BaseCommand):
    help = (
        "Generate a synthetic dataset: `statewide` (100 consultants, 2,000 sites, 500,000 visits) "
        "or `small` (about 1/100 of it). Rows are marked synthetic (usernames 'synth-', licence "
        "numbers 'SYN-'); --flush removes those rows only. No history rows are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Last day of the generated decade (YYYY-MM-DD; default: today). Runs with the "
            "same seed and the same --today produce identical data.",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Remove existing synthetic rows (and only those) before generating.",
        )
        parser.add_argument(
            "--flush-only", action="store_true", help="Remove synthetic rows and stop."
        )
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help="On PostgreSQL, write with bulk_create instead of COPY.",
        )

    def handle(self, *args, scale, seed, today, flush, flush_only, no_copy, **options):
        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        if flush or flush_only:
            log("removing synthetic rows")
            removed = synthetic.flush(log=log)
            log(f"removed {removed:,} synthetic rows")
            if flush_only:
                return
        use_copy = False if no_copy else connection.vendor == "postgresql"
        log(f"generating scale={scale} seed={seed} on {connection.vendor}")
        try:
            counts = synthetic.generate(
                scale=scale, seed=seed, today=today, log=log, use_copy=use_copy
            )
        except synthetic.SyntheticDataExists as exc:
            raise CommandError(str(exc)) from None
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            log(f"{name:<{width}}  {count:>10,}")
        if not sys.stdout.isatty():
            self.stdout.flush()
