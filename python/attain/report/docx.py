"""The report as a Word document (python-docx, the ``attain[docx]`` extra), laid out as an office
sends it: a title, the date line, the narrative paragraph, one table of units per measure (header
row repeated on every page, numbers right-aligned) with a numbered caption above it, the charts
as pictures with numbered captions below them, the monthly monitoring of the unit (per measure its
control chart and the table of the rules that fired: :mod:`attain.report.monitoring`), and the
league tables of the level below.

Nothing here computes or formats a figure: the paragraph is :func:`attain.report.narrative`'s,
the table cells are :func:`attain.report.tables.formatted_rows`' and
:func:`attain.report.league.formatted_league`'s (the C++ formatters), the headings are
:mod:`attain.report.labels`', the date line is rendered by the template engine from the
snapshot's fields and the charts are :mod:`attain.report.charts`' (PNG pictures). Text goes into the document as text: Word is not
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

from .. import _format as fmt
from ..errors import InvalidInputError, MissingDependencyError
from ..inference import children_funnel
from ..panel import Panel
from ..snapshot import Snapshot
from .fields import default_unit, report_fields
from .labels import default_lang, level_name, word
from .league import formatted_league, league, league_note
from .monitoring import chart_name, monitoring, monitoring_note, signal_header, signal_rows, summary_sentence
from .narrative import LANGUAGES, Template, narrative
from .tables import formatted_rows, interval_notes, measure_info, unit_rows

#: The words of the document around the figures (presentation strings only), by language.
WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "date": "Số liệu tính đến ngày {as_of.day:raw}/{as_of.month:raw}/{as_of.year:raw} "
        "(tháng thứ {months_elapsed:raw} của năm)",
        "summary": "Tình hình thực hiện",
        "table": "Kết quả của {unit} và các đơn vị trực thuộc: {measure}",
        "table_word": "Bảng",
        "figure_word": "Hình",
        "attainment": "{measure}: tỷ lệ của từng đơn vị trực thuộc {unit}, so với chỉ tiêu",
        "trajectory": "{measure}: tỷ lệ lũy kế theo tháng của {unit}, với chỉ tiêu và dự báo cuối năm",
        "history": "{measure}: tỷ lệ lũy kế theo tháng của {unit}, với chỉ tiêu",
        "funnel": "{measure}: biểu đồ phễu, tỷ lệ của các đơn vị trực thuộc theo quy mô, với các giới hạn kiểm soát",
        "spc": "{measure}: tỷ lệ xong trong tháng của {unit}, {chart}, với các tháng có tín hiệu",
        "signals": "{measure}: các quy tắc phát tín hiệu trên biểu đồ kiểm soát của {unit}",
    },
    "en": {
        "date": "Figures as of {as_of.period:month} (month {months_elapsed:raw} of the year)",
        "summary": "Summary",
        "table": "{unit} and the units under it: {measure}",
        "table_word": "Table",
        "figure_word": "Figure",
        "attainment": "{measure}: the ratio of each unit under {unit}, against its target",
        "trajectory": "{measure}: {unit}'s year-to-date ratio by month, with the target and the year-end projection",
        "history": "{measure}: {unit}'s year-to-date ratio by month, with the target",
        "funnel": "{measure}: funnel plot of the units' ratios against their size, with control limits",
        "spc": "{measure}: {unit}'s monthly completion, {chart}, with the months that signal",
        "signals": "{measure}: the rules that fired on {unit}'s control chart",
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
#: A league table longer than this shows its top and bottom halves (as the HTML report does).
LEAGUE_ROWS = 50


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


def _table(document: Any, header: list[str], cells: list[list[str]], text: tuple[int, ...] = (0,), names: int = 0) -> Any:
    """A table with a bold, shaded header row repeated on every page; the ``text`` columns
    aligned left, the others (figures) right; ``names`` is the column of the units' names."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    table = document.add_table(rows=2 if cells else 1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths, shrink = _column_widths(header, cells, names)
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
    # The header row repeats at the top of every page the table runs onto; no row breaks
    # across pages (the copies of the first data row inherit it).
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
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
            elif c not in text:
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


def _column_widths(header: list[str], cells: list[list[str]], names: int = 0) -> tuple[list[Any], float]:
    """Column widths filling the text width. Each column asks for its longest cell (or its
    header's longest word, headers wrap between words). A column of figures keeps that width;
    the ``names`` column (the units' names) takes what is left over, wrapping down to its least width
    when it must; then the columns of words ("none (money)", "1 – 2") wrap down to their longest
    word. Only when even that does not fit does every column give way in proportion, and the
    text with it: the second value is the factor (1.0, or less) that scales the text size."""
    from docx.shared import Cm

    def width(texts: list[str], per_char: float) -> float:
        return CELL_MARGIN_CM * 2 + per_char * max((len(t) for t in texts), default=1)

    k = names
    column = [[row[c] for row in cells] for c in range(len(header))]
    heads = [width(title.split(), HEADER_CHAR_CM) for title in header]
    need = [max(width(column[c], CHAR_CM), heads[c]) for c in range(len(header))]
    wraps = [c == k or any(" " in t for t in column[c]) for c in range(len(header))]
    least = [
        max(heads[c], width([w for t in column[c] for w in t.split()], CHAR_CM), FIRST_COLUMN_MIN_CM if c == k else 0)
        if wraps[c] else need[c]
        for c in range(len(header))
    ]  # fmt: skip
    others = [c for c in range(len(header)) if c != k and wraps[c]]
    fixed = sum(n for n, w in zip(need, wraps) if not w)
    flexible = sum(n for n, w in zip(need, wraps) if w)
    room = TEXT_CM - fixed
    widths = list(need)
    if room >= flexible:  # everything fits: the names' column takes the rest
        widths[k] += room - flexible
    elif room >= flexible - need[k] + least[k]:  # the names wrap
        widths[k] = room - (flexible - need[k])
    elif room >= sum(least[c] for c in others) + least[k]:  # and the other wrapping columns give way
        give = (flexible - need[k] + least[k] - room) / sum(need[c] - least[c] for c in others)
        widths[k] = least[k]
        for c in others:
            widths[c] = need[c] - give * (need[c] - least[c])
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
    lang: str | None = None,
    template: str | Template = "generic",
    unit: str | None = None,
    path: str | os.PathLike[str] | None = None,
    charts: bool = True,
    level: str | int | None = None,
) -> bytes:
    """The report as a Word (.docx) document; returns its bytes and, with ``path``, writes them
    there (a directory is refused; an existing file is replaced). ``as_of`` is a month of the
    panel or a snapshot of it already taken. ``lang`` defaults to the template's
    (:func:`attain.report.labels.default_lang`: ``thads`` is Vietnamese, other templates
    English); ``level`` is the league tables' level (a declared level name or a depth; default:
    the deepest level below ``unit``). Needs python-docx (``pip install 'attain[docx]'``) and,
    with ``charts=True``, matplotlib (``attain[plot]``).

    The document holds the title (the unit), the date line, the paragraph, a table per measure
    of the unit and every unit directly under it, the charts, and a league table per measure of
    the units at ``level`` under it (the top and the bottom :data:`LEAGUE_ROWS` when longer)."""
    lang = lang or default_lang(template)
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
    info = measure_info(snap)
    children = snap.children_of(unit)

    document = docx.Document()
    _page_setup(document)
    document.core_properties.title = _text(f"{unit} — {snap.as_of}")
    document.core_properties.author = "attain"
    document.add_heading(_text(unit), level=0)
    fields = report_fields(snap, unit)
    date_line = Template(words["date"], "date line").render(fields, lang=lang)
    line = document.add_paragraph(_text(date_line))
    line.runs[0].italic = True
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(words["summary"], level=1)
    body = document.add_paragraph(_text(paragraph))
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    document.add_heading(word("units", lang), level=1)
    rows = unit_rows(snap, [unit, *children])
    tables = 0
    for measure in snap.measures:
        header, cells = formatted_rows([r for r in rows if r["measure"] == measure], lang, info)
        # One table per measure: the column that only repeats the measure's name goes.
        same = [j for j in range(len(header)) if all(row[j] == measure for row in cells)]
        keep = [j for j in range(len(header)) if j not in same]
        tables += 1
        _caption(document, "table", tables, words["table"].format(unit=unit, measure=info[measure].label(measure, lang)), lang)
        _table(document, [header[j] for j in keep], [[row[j] for j in keep] for row in cells])
        for line in interval_notes([r for r in rows if r["measure"] == measure], lang, info):
            method = document.add_paragraph(_text(line))
            method.runs[0].italic = True
        document.add_paragraph()

    if charts:
        from . import charts as ch

        document.add_heading(word("charts", lang), level=1)
        figures: list[tuple[Any, str]] = []
        for m in snap.measures:
            label = info[m].label(m, lang)
            size = (8, 0.32 * min(len(children) or 1, ch.MAX_BARS) + 1.9)
            ax = ch.plot_attainment(snap, m, unit, ax=ch.figure(size), lang=lang)
            figures.append((ax, words["attainment"].format(measure=label, unit=unit)))
            # A quota measure has no projection (its ratio is no binomial proportion to extrapolate).
            projection = snap.projection(unit, m).for_chart() if snap.projectable and not info[m].quota else None
            ax = ch.plot_trajectory(panel, unit, m, ax=ch.figure((8, 4)), projection=projection, lang=lang, label=label)
            figures.append((ax, words["trajectory" if projection is not None else "history"].format(measure=label, unit=unit)))
        funnel = children_funnel(snap, unit)
        if funnel is not None:
            m = next(m for m in snap.measures if snap.has_interval(m))
            title = word("title_funnel", lang, unit=unit, measure=info[m].label(m, lang))
            ax = ch.plot_funnel(funnel, ax=ch.figure((8, 5)), labels=children, lang=lang, title=title)
            figures.append((ax, words["funnel"].format(measure=info[m].label(m, lang))))
        for n, (ax, caption) in enumerate(figures, start=1):
            _picture(document, ax)
            _caption(document, "figure", n, caption, lang)
    numbered = len(figures) if charts else 0

    document.add_heading(word("monitoring", lang), level=1)
    watched = []
    for m in snap.measures:
        label = info[m].label(m, lang)
        watch = monitoring(panel, snap, unit, m)
        watched.append(watch)
        document.add_paragraph(_text(summary_sentence(watch, lang, label)))
        if watch.chart is None:
            continue
        if charts:
            from . import charts as ch

            numbered += 1
            _picture(document, ch.plot_spc(watch, ax=ch.figure((8, 4.2)), lang=lang, label=label))
            _caption(document, "figure", numbered, words["spc"].format(measure=label, unit=unit, chart=chart_name(watch, lang)), lang)
        signal_cells = signal_rows(watch, lang)
        if signal_cells:
            tables += 1
            _caption(document, "table", tables, words["signals"].format(measure=label, unit=unit), lang)
            _table(document, signal_header(lang), signal_cells, text=(0, 1, 2))
            document.add_paragraph()
    note = document.add_paragraph(_text(monitoring_note(watched, lang)))
    note.runs[0].italic = True

    if children:
        document.add_heading(word("league", lang), level=1)
        for m in snap.measures:
            table = league(snap, level, m, within=unit)
            header, cells, _, cut = formatted_league(table, lang, info[m], max_rows=LEAGUE_ROWS)
            tables += 1
            heading = word("league_of", lang, level=level_name(table.level, lang), measure=info[m].label(m, lang))
            _caption(document, "table", tables, heading, lang)
            text: tuple[int, ...] = (1, 2)
            if len({row[2] for row in cells}) <= 1:  # one parent for all: the column says nothing
                header, cells, text = header[:2] + header[3:], [row[:2] + row[3:] for row in cells], (1,)
            if cut:  # the top and the bottom, with a row saying how many are left out between them
                half = len(cells) // 2
                gap = [""] * len(header)
                gap[1] = word("more_units", lang, n=fmt.whole(cut, lang))
                cells = [*cells[:half], gap, *cells[half:]]
            _table(document, header, cells, text=text, names=1)
            note = document.add_paragraph(_text(league_note(table, lang, len(cells) - (1 if cut else 0), info[m])))
            note.runs[0].italic = True

    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        with open(path, "wb") as f:
            f.write(data)
    return data
