"""The CSV export streams: its memory does not grow with the number of rows."""

import tracemalloc
from datetime import date

import pytest
from django.urls import reverse

from reports.exports import LINES_PER_PIECE, VISIT_HEADER, csv_lines


def generated_rows(n: int):
    for i in range(n):
        yield [
            date(2026, 7, 1 + i % 28).isoformat(),
            "Oklahoma",
            "Child care centre",
            f"K-{i:08x}",
            "On site",
            30 + i % 90,
            "Classroom observation; Teacher coaching",
            "Child-focused",
            f"C-{i:012x}; C-{i + 1:012x}",
            "toddler; preschool",
        ]


def peak_bytes_streaming(n: int) -> tuple[int, int]:
    """Peak traced memory while consuming the stream, and the bytes streamed."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    streamed = 0
    for line in csv_lines(VISIT_HEADER, generated_rows(n)):
        streamed += len(line)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, streamed


def test_csv_stream_memory_stays_flat_from_1k_to_50k_rows():
    small_peak, small_bytes = peak_bytes_streaming(1_000)
    large_peak, large_bytes = peak_bytes_streaming(50_000)
    assert large_bytes > 45 * small_bytes  # the large file really is ~50 times bigger
    # Buffering the file would need ~8 MB at 50k rows; streaming holds one piece of
    # LINES_PER_PIECE lines at a time, so the peak (about 350 KB here: the piece, the
    # StringIO it is written into, and the csv module's and tracemalloc's own) is the same
    # for 1k and 50k rows.
    assert large_peak < 512 * 1024
    assert large_peak < small_peak + 16 * 1024


@pytest.mark.django_db
def test_visit_export_response_is_streamed_in_chunks(client, dataset, monkeypatch):
    from django.db.models import QuerySet

    chunk_sizes = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    client.force_login(dataset.lead)
    response = client.get(
        reverse("reports:export_visits"),
        {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30"},
    )
    assert response.streaming
    pieces = list(response.streaming_content)
    # The header goes out at once, before the visits are read; then pieces of lines.
    assert pieces[0].decode().startswith("visit_date,county,")
    assert pieces[0].count(b"\n") == 1
    assert b"".join(pieces).count(b"\n") == 6  # header and one line per visit
    assert chunk_sizes == [500]


def test_csv_stream_comes_in_pieces_of_bounded_size():
    pieces = list(csv_lines(VISIT_HEADER, generated_rows(1_001)))
    assert [piece.count("\n") for piece in pieces] == [1, *[LINES_PER_PIECE] * 5, 1]
