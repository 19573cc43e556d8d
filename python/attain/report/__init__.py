"""Reports: the narrative paragraph, unit tables (Markdown, CSV, JSON), charts and the HTML report.

The report layer formats what the statistics layer computed; it computes no statistics itself.
"""

from .fields import report_fields
from .narrative import BUILT_IN, Template, narrative

__all__ = ["BUILT_IN", "Template", "narrative", "report_fields"]
