"""Server-side bar charts: geometry computed here, drawn as SVG by a template (no JavaScript).

Horizontal bars with the value written beside each bar read well on a narrow screen and in
black-and-white print; the same numbers are in the tables below the charts."""

from dataclasses import dataclass

from django.utils.formats import number_format

WIDTH = 480
LABEL_WIDTH = 165
BAR_AREA = 250
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    text_y: int
    width: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 6
    bar_height: int = BAR_HEIGHT

    @property
    def summary(self) -> str:
        return "; ".join(f"{bar.label}: {bar.value_text}" for bar in self.bars)


def bar_chart(
    slug: str,
    title: str,
    items: list[tuple[str, float]],
    unit: str = "",
    *,
    decimals: int | None = None,
) -> BarChart:
    """Bars of the values given; `decimals` writes each value as the table beside it does."""
    largest = max((value for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        width = round(BAR_AREA * value / largest, 1)
        # In the page's language, as the table beside it writes it ("1.234,5" in Spanish).
        number = (
            number_format(value, decimals, force_grouping=True)
            if decimals is not None
            else number_format(f"{value:g}", force_grouping=True)
        )
        text = f"{number}{unit}"
        bars.append(
            Bar(
                label=label,
                value_text=text,
                y=y,
                text_y=y + BAR_HEIGHT - 3,
                width=width,
                value_x=LABEL_WIDTH + 6 + width + 6,
            )
        )
    return BarChart(slug=slug, title=title, bars=bars, height=TOP * 2 + len(items) * ROW_HEIGHT)
