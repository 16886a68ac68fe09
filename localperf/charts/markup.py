"""The pieces every chart is drawn with: GOV.UK colours, the frames (a drawing's size
and margins), the ``Markup`` type that marks escaped SVG as safe for a page, and the
small SVG elements shared by line and bar charts (the opening tag, the accessible title
and description, a text)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# GOV.UK colours.
BLUE, BLACK, GREY, MID_GREY = "#1d70b8", "#0b0c0c", "#505a5f", "#b1b4b6"
LIGHT_BLUE, ORANGE, RED, WHITE = "#d2e2f1", "#f47738", "#d4351c", "#ffffff"
GREEN, YELLOW, PURPLE = "#00703c", "#ffdd00", "#4c2c92"

# The site's font stack (GOV.UK Frontend's), set on every chart's root: without it an
# SVG's text falls back to the browser's serif default.
FONT_FAMILY = "'GDS Transport', arial, sans-serif"

# A rating's colour, as its tag on the page shows it (``calculations.rag.Rating``'s
# values; charts stand beside calculations, so they are named here by value).
RATING_COLOURS = {"green": GREEN, "amber": YELLOW, "red": RED}

SVG_NS = "http://www.w3.org/2000/svg"


class Markup(str):
    """SVG markup that may go into a page as it is: every text in it was escaped when it
    was built here. Django's templates (and ``format_html``) honour ``__html__``, so this
    package needs no Django to hand them safe markup."""

    __slots__ = ()

    def __html__(self) -> Markup:
        return self


@dataclass(frozen=True)
class Frame:
    """A drawing's size, the room kept around the plot (for axis labels and the key),
    about how many value ticks, and the size of its text, dots and lines."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    ticks: int = 5
    font_size: int = 13
    dot: float = 5.0
    line: float = 3.0


# A chart on a page (scaled to the column's width by the page's CSS), one in a printed
# report (A4 landscape, beside the proforma table), and a dashboard row's sparkline.
# Text sizes are in the drawing's units: a page chart is drawn 600 to 960 pixels wide
# (two thirds to the whole of the main column), so 16 reads as 15 to 24 pixels; a
# printed one is drawn at its own size (420 pixels on the report's page), so 13 is 13.
PAGE = Frame(640, 360, 24, 24, 96, 76, font_size=16)
PRINT = Frame(420, 230, 16, 16, 72, 60, ticks=4, font_size=13, dot=3.5, line=2.0)
SPARK = Frame(100, 36, 5, 6, 5, 6, ticks=2, font_size=0, dot=3.0, line=2.0)
BARS = Frame(640, 280, 14, 0, 24, 64, ticks=4, font_size=15)


def svg_open(frame: Frame, id: str, fluid: bool) -> str:
    """The opening tag of a full chart: an image labelled by its title and description."""
    size = 'width="100%"' if fluid else f'width="{frame.width}" height="{frame.height}"'
    return (
        f'<svg role="img" aria-labelledby="{escape(id)}-title {escape(id)}-desc" '
        f'xmlns="{SVG_NS}" viewBox="0 0 {frame.width} {frame.height}" {size} focusable="false" '
        f'font-family="{FONT_FAMILY}">'
    )


def heading(id: str, title: str, description: str) -> str:
    return (
        f'<title id="{escape(id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(id)}-desc">{escape(description)}</desc>'
    )


def text(
    x: float,
    y: float,
    words: str,
    fs: int,
    anchor: str = "start",
    dy: float = 0,
    *,
    bold: bool = False,
    fill: str = BLACK,
) -> str:
    shift = f' dy="{dy:g}"' if dy else ""
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}"{shift} text-anchor="{anchor}" font-size="{fs}"{weight} '
        f'fill="{fill}">{escape(words)}</text>'
    )
