"""Reports: the narrative paragraph, unit tables (Markdown, CSV, JSON), charts, and the HTML and Word reports.

The report layer formats what the statistics layer computed; it computes no statistics itself.
"""

from .docx import docx_report
from .fields import report_fields
from .html import html_report, table_html
from .narrative import BUILT_IN, Template, narrative
from .tables import unit_rows, unit_table

__all__ = ["BUILT_IN", "Template", "docx_report", "html_report", "narrative", "report_fields", "table_html", "unit_rows", "unit_table"]
