"""Reports: the narrative paragraph, unit tables (Markdown, CSV, JSON), league tables, charts, and
the HTML and Word reports.

The report layer formats what the statistics layer computed; it computes no statistics itself.
"""

from .docx import docx_report
from .fields import report_fields
from .html import html_report, table_html
from .labels import default_lang
from .league import League, league
from .narrative import BUILT_IN, Template, format_money, format_month, narrative
from .tables import unit_rows, unit_table

__all__ = [
    "BUILT_IN",
    "League",
    "Template",
    "default_lang",
    "docx_report",
    "format_money",
    "format_month",
    "html_report",
    "league",
    "narrative",
    "report_fields",
    "table_html",
    "unit_rows",
    "unit_table",
]
