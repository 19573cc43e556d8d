"""The report as a Word document (python-docx, the ``attain[docx]`` extra), laid out as an office
sends it: a title, the date line, the narrative paragraph, one table of units per measure (header
row repeated on every page, numbers right-aligned) with a numbered caption above it, and the
charts as pictures with numbered captions below them.

Nothing here computes or formats a figure: the paragraph is :func:`attain.report.narrative`'s,
the table cells are :func:`attain.report.tables.formatted_rows`' (the C++ formatters), the date
line is rendered by the template engine from the snapshot's fields and the charts are
:mod:`attain.report.charts`' (PNG pictures). Text goes into the document as text: Word is not
HTML, so a unit named ``<script>`` or ``=cmd`` appears literally (python-docx escapes the XML);
characters XML cannot hold at all (control characters other than tab and newline) become U+FFFD.
"""

from __future__ import annotations

import copy
import io
import math
import os
import re
from typing import Any

from ..errors import InvalidInputError, MissingDependencyError
from ..inference import children_funnel
from ..panel import Panel
from ..snapshot import Snapshot
from .fields import default_unit, report_fields
from .narrative import LANGUAGES, Template, narrative
from .tables import formatted_rows, kinds_of, unit_rows

#: The words of the document around the figures (presentation strings only), by language.
WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "date": "Số liệu tính đến ngày {as_of.day:raw}/{as_of.month:raw}/{as_of.year:raw} "
        "(tháng thứ {months_elapsed:raw} của năm)",
        "summary": "Tình hình thực hiện",
        "units": "Kết quả theo đơn vị",
        "charts": "Biểu đồ",
        "table": "Kết quả của {unit} và các đơn vị trực thuộc: {measure}",
        "table_word": "Bảng",
        "figure_word": "Hình",
        "attainment": "{measure}: tỷ lệ của từng đơn vị trực thuộc {unit}, so với chỉ tiêu",
        "trajectory": "{measure}: tỷ lệ lũy kế theo tháng của {unit}, với chỉ tiêu và dự báo cuối năm",
        "funnel": "{measure}: biểu đồ phễu, tỷ lệ của các đơn vị trực thuộc theo quy mô, với các giới hạn kiểm soát",
        "made_by": "Lập bằng attain.",
    },
    "en": {
        "date": "Figures as of {as_of.period} (month {months_elapsed:raw} of the year)",
        "summary": "Summary",
        "units": "Results by unit",
        "charts": "Charts",
        "table": "{unit} and the units under it: {measure}",
        "table_word": "Table",
        "figure_word": "Figure",
        "attainment": "{measure}: the ratio of each unit under {unit}, against its target",
        "trajectory": "{measure}: {unit}'s year-to-date ratio by month, with the target and the year-end projection",
        "funnel": "{measure}: funnel plot of the units' ratios against their size, with control limits",
        "made_by": "Made with attain.",
    },
}

#: Characters XML 1.0 cannot hold (python-docx would refuse them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
FONT = "Times New Roman"
#: The width (cm) between the margins of an A4 page set up below, and a picture's width.
TEXT_CM = 16.5
PICTURE_CM = 16.0
#: Table text: size (pt), the estimated width (cm) of one character of a figure and of a bold
#: header, a cell's left and right margin (cm), and the least width of the units' column.
TABLE_PT = 8.0
MIN_TABLE_PT = 6.0
CHAR_CM, HEADER_CHAR_CM = 0.16, 0.175
CELL_MARGIN_CM = 0.08
FIRST_COLUMN_MIN_CM = 3.0


def _text(value: Any) -> str:
    """Text as the document holds it: literally, with XML-impossible characters replaced."""
    return _NOT_XML.sub("\ufffd", str(value))


def _python_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise MissingDependencyError("Word output needs python-docx; install it with: pip install 'attain[docx]'") from None
    return docx


def _page_setup(document: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    # East Asian and complex scripts take their own font attribute: set it too, so that Word
    # does not switch fonts inside Vietnamese text.
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        rfonts.set(_qn(attribute), FONT)
    # Headings and captions in the body font, black, as office documents write them (the
    # default template's theme fonts and colours would override the font name).
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    for name, size, bold, italic in (("Title", 16, True, False), ("Heading 1", 14, True, False), ("Caption", 11, False, True)):
        style = document.styles[name]
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in list(rfonts.attrib):
            if attribute.endswith("Theme"):
                del rfonts.attrib[attribute]
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(_qn(attribute), FONT)
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        if name == "Title":
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            border = style.element.pPr.find(_qn("w:pBdr")) if style.element.pPr is not None else None
            if border is not None:  # the default title's rule below it
                style.element.pPr.remove(border)
        if name == "Caption":
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _caption(document: Any, label: str, number: int, text: str, lang: str) -> Any:
    """A numbered caption as Word writes one, "Figure {SEQ Figure}. text", so that Word's
    list of figures and cross-references find it; the number is also the field's shown result."""
    from docx.oxml import OxmlElement

    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run(WORDS[lang][label + "_word"] + " ")

    def field_char(kind: str) -> Any:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(_qn("w:fldCharType"), kind)
        run._r.append(char)
        return run

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(_qn("xml:space"), "preserve")
    instruction.text = f" SEQ {WORDS['en'][label + '_word']} \\* ARABIC "
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    paragraph.add_run(str(number))
    field_char("end")
    paragraph.add_run(". " + _text(text))
    return paragraph


def _table(document: Any, header: list[str], cells: list[list[str]], numeric_from: int) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    table = document.add_table(rows=2 if cells else 1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths, shrink = _column_widths(header, cells)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(_qn("w:w"), str(round(CELL_MARGIN_CM / 2.54 * 1440)))  # twentieths of a point
        margin.set(_qn("w:type"), "dxa")
        margins.append(margin)
    # The schema orders a table's properties: the cell margins come before tblLook.
    look = table._tbl.tblPr.find(_qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)
    head = table.rows[0]
    # The header row repeats at the top of every page the table runs onto.
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    style_id = _table_text_style(document).style_id
    # The header row and the first row through python-docx; the other rows are copies of the
    # first with their texts replaced (python-docx takes seconds per thousand rows otherwise).
    for r, (row, values) in enumerate(zip(table.rows, [header, *cells[:1]])):
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id  # python-docx's paragraph.style looks the style up per cell: slow
            run = paragraph.add_run("-")  # exactly one text element per cell, whatever the value
            _set_text(run._r.find(_qn("w:t")), value)
            if shrink < 1:
                run.font.size = Pt(max(MIN_TABLE_PT, math.floor(2 * TABLE_PT * shrink) / 2))
            if r == 0:
                run.bold = True
                shading = OxmlElement("w:shd")
                shading.set(_qn("w:val"), "clear")
                shading.set(_qn("w:fill"), "E7ECEE")
                cell._tc.get_or_add_tcPr().append(shading)
            elif c >= numeric_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if cells:
        prototype = table.rows[1]._tr
        texts = _qn("w:t")
        for values in cells[1:]:
            tr = copy.deepcopy(prototype)
            for t, value in zip(tr.iter(texts), values):
                _set_text(t, value)
            table._tbl.append(tr)
    for c, column in enumerate(table.columns):
        column.width = widths[c]
    return table


def _set_text(t: Any, value: str) -> None:
    """A run's text element holding ``value`` as python-docx's ``add_run`` writes it (tabs and
    line breaks, which Word keeps as elements of their own, become spaces in a table cell)."""
    text = " ".join(_text(value).replace("\t", " ").splitlines())
    t.text = text
    preserve = _qn("xml:space")
    if text != text.strip():
        t.set(preserve, "preserve")
    elif preserve in t.attrib:
        del t.attrib[preserve]


def _table_text_style(document: Any) -> Any:
    """The paragraph style of table cells ("Table Text": the body font, small, no space after)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = document.styles
    if "Table Text" in [s.name for s in styles]:
        return styles["Table Text"]
    style = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.size = Pt(TABLE_PT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return style


def _column_widths(header: list[str], cells: list[list[str]]) -> tuple[list[Any], float]:
    """Column widths filling the text width. Each column asks for its longest cell (or its
    header's longest word, headers wrap between words). A column of figures keeps that width;
    the first column (the units' names) takes what is left over, wrapping down to its least width
    when it must; then the columns of words ("none (money)", "1 – 2") wrap down to their longest
    word. Only when even that does not fit does every column give way in proportion, and the
    text with it: the second value is the factor (1.0, or less) that scales the text size."""
    from docx.shared import Cm

    def width(texts: list[str], per_char: float) -> float:
        return CELL_MARGIN_CM * 2 + per_char * max((len(t) for t in texts), default=1)

    column = [[row[c] for row in cells] for c in range(len(header))]
    heads = [width(title.split(), HEADER_CHAR_CM) for title in header]
    need = [max(width(column[c], CHAR_CM), heads[c]) for c in range(len(header))]
    wraps = [c == 0 or any(" " in t for t in column[c]) for c in range(len(header))]
    least = [
        max(heads[c], width([w for t in column[c] for w in t.split()], CHAR_CM), FIRST_COLUMN_MIN_CM if c == 0 else 0)
        if wraps[c] else need[c]
        for c in range(len(header))
    ]  # fmt: skip
    fixed = sum(n for n, w in zip(need, wraps) if not w)
    flexible = sum(n for n, w in zip(need, wraps) if w)
    room = TEXT_CM - fixed
    if room >= flexible:  # everything fits: the names' column takes the rest
        widths = list(need)
        widths[0] += room - flexible
    elif room >= flexible - need[0] + least[0]:  # the names wrap
        widths = list(need)
        widths[0] = room - (flexible - need[0])
    elif room >= sum(m for m, w in zip(least, wraps) if w):  # and the other wrapping columns give way
        give = (flexible - need[0] + least[0] - room) / sum(n - m for n, m, w in zip(need[1:], least[1:], wraps[1:]) if w)
        widths = [least[0], *(n - give * (n - m) if w else n for n, m, w in zip(need[1:], least[1:], wraps[1:]))]
    else:  # the table's text gets smaller, in proportion
        shrink = TEXT_CM / sum(least)
        return [Cm(m * shrink) for m in least], shrink
    return [Cm(w) for w in widths], 1.0


def _picture(document: Any, ax: Any) -> None:
    import matplotlib.pyplot as plt
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    fig = ax.figure
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=200)
    plt.close(fig)
    buffer.seek(0)
    document.add_picture(buffer, width=Cm(PICTURE_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def docx_report(
    panel: Panel,
    as_of: Any,
    lang: str = "vi",
    template: str | Template = "generic",
    unit: str | None = None,
    path: str | os.PathLike[str] | None = None,
    charts: bool = True,
) -> bytes:
    """The report as a Word (.docx) document; returns its bytes and, with ``path``, writes them
    there (a directory is refused; an existing file is replaced). ``as_of`` is a month of the
    panel or a snapshot of it already taken. Needs python-docx (``pip install 'attain[docx]'``)
    and, with ``charts=True``, matplotlib (``attain[plot]``)."""
    if lang not in LANGUAGES:
        raise InvalidInputError(f"lang {lang!r} is not one of {', '.join(LANGUAGES)}")
    if path is not None and os.path.isdir(path):
        raise InvalidInputError(f"{os.fspath(path)} is a directory; give the Word file to write, e.g. report.docx")
    docx = _python_docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    snap = as_of if isinstance(as_of, Snapshot) else panel.at(as_of)
    unit = unit or default_unit(snap)
    words = WORDS[lang]
    paragraph = narrative(snap, lang, template, unit)

    document = docx.Document()
    _page_setup(document)
    document.core_properties.title = _text(f"{unit} — {snap.as_of}")
    document.core_properties.author = "attain"
    document.add_heading(_text(unit), level=0)
    date_line = Template(words["date"], "date line").render(report_fields(snap, unit), lang=lang)
    line = document.add_paragraph(_text(date_line))
    line.runs[0].italic = True
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(words["summary"], level=1)
    body = document.add_paragraph(_text(paragraph))
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    document.add_heading(words["units"], level=1)
    units = [unit, *snap.children_of(unit)]
    kinds = kinds_of(snap)
    rows = unit_rows(snap, units)
    for n, measure in enumerate(snap.measures, start=1):
        header, cells = formatted_rows([r for r in rows if r["measure"] == measure], lang, kinds)
        # One table per measure: the column that only repeats the measure's name goes.
        same = [j for j in range(len(header)) if all(row[j] == measure for row in cells)]
        keep = [j for j in range(len(header)) if j not in same]
        _caption(document, "table", n, words["table"].format(unit=unit, measure=measure), lang)
        _table(document, [header[j] for j in keep], [[row[j] for j in keep] for row in cells], numeric_from=1)
        document.add_paragraph()

    if charts:
        from . import charts as ch

        document.add_heading(words["charts"], level=1)
        figures: list[tuple[Any, str]] = []
        for m in snap.measures:
            figures.append((ch.plot_attainment(snap, m, unit), words["attainment"].format(measure=m, unit=unit)))
            projection = snap.projection(unit, m).for_chart() if snap.projectable else None
            figures.append(
                (ch.plot_trajectory(panel, unit, m, projection=projection), words["trajectory"].format(measure=m, unit=unit))
            )
        funnel = children_funnel(snap, unit)
        if funnel is not None:
            measure = next(m for m in snap.measures if snap.has_interval(m))
            figures.append((ch.plot_funnel(funnel, labels=snap.children_of(unit)), words["funnel"].format(measure=measure)))
        for n, (ax, caption) in enumerate(figures, start=1):
            _picture(document, ax)
            _caption(document, "figure", n, caption, lang)

    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        with open(path, "wb") as f:
            f.write(data)
    return data
