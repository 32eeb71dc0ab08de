"""PDFs for the reader tests, made with reportlab and the PDF standard CJK font STSong-Light.

A standard CJK font is named in the PDF, never embedded: no font file is needed to write it, and
pypdf reads its text back through the predefined UniGB-UCS2-H encoding. So these PDFs come out the
same on any machine (no fonts-wqy-microhei, no Noto CJK).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

FONT = "STSong-Light"
SIZE = 12
LEADING = 18
MARGIN = 56  # points: about 2 cm
FOOTER_Y = 30


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _wrap(text: str, width: float) -> list[str]:
    """Break between any two characters, as Word and WPS lay out Chinese text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for char in text:
        if line and stringWidth(line + char, FONT, SIZE) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def write_pdf(
    paragraphs: Iterable[str],
    path: Path,
    *,
    indent: Callable[[str], bool] = lambda _: False,
    page_numbers: bool = True,
    user_password: str | None = None,
) -> Path:
    """Paragraphs wrapped at the margin onto A4 pages; ``indent(p)`` gives p a two-character first-line indent."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _font()
    encrypt = None
    if user_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password, ownerPassword="owner")
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    page = 1
    y = height - MARGIN

    def finish_page() -> None:
        if page_numbers:
            pdf.setFont(font, SIZE)
            pdf.drawCentredString(width / 2, FOOTER_Y, f"- {page} -")
        pdf.showPage()

    for paragraph in paragraphs:
        text = ("\u3000\u3000" + paragraph) if indent(paragraph) else paragraph
        for line in _wrap(text, width - 2 * MARGIN):
            if y < MARGIN:
                finish_page()
                page += 1
                y = height - MARGIN
            pdf.setFont(font, SIZE)
            pdf.drawString(MARGIN, y, line)
            y -= LEADING
    finish_page()
    pdf.save()
    return path


def write_scan(path: Path) -> Path:
    """A page with a grey picture and no text layer, as a scanner makes it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFillGray(0.9)
    pdf.rect(28, 28, 540, 780, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    return path
