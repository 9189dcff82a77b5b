"""The import core shared by the article, regulation and service importers.

It sits below every app (it imports none of them, and has no models), so each
importer reads, checks and reports in the same way:

- ``reading``: JSON Lines and CSV line readers yielding a Record or a Problem per line,
  and the checks of paths given on the command line (InputError)
- ``frontmatter``: whole-file records (Markdown with YAML front matter, YAML mappings)
- ``fields``: typed field reading with one message per kind of mistake (Fields)
- ``dates``: the one date parser and its message, and a form field using it
- ``problems``: Problem, Report, FirstSeen (repeated keys) and error_text
- ``commands``: what the import commands share (report output, date options, logs)
"""

from ingest.commands import date_option, quiet_page_logs, report_write
from ingest.dates import DATE_ERROR, DateField, date_error, parse_date
from ingest.fields import (
    LONG_TEXT_MAX,
    Fields,
    control_error,
    max_length_of,
    type_name,
)
from ingest.frontmatter import (
    MARKDOWN_SUFFIXES,
    YAML_SUFFIXES,
    read_markdown,
    read_yaml_mapping,
)
from ingest.problems import (
    FirstSeen,
    InputError,
    Problem,
    Report,
    error_text,
    shown,
)
from ingest.reading import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_DEPTH,
    MAX_LINE_BYTES,
    Record,
    input_file,
    input_paths,
    parse_jsonl,
    read_csv,
    read_jsonl,
    read_lines,
)

__all__ = [
    "CSV_SUFFIXES",
    "DATE_ERROR",
    "JSONL_SUFFIXES",
    "LONG_TEXT_MAX",
    "MARKDOWN_SUFFIXES",
    "MAX_DEPTH",
    "MAX_LINE_BYTES",
    "YAML_SUFFIXES",
    "DateField",
    "Fields",
    "FirstSeen",
    "InputError",
    "Problem",
    "Record",
    "Report",
    "control_error",
    "date_error",
    "date_option",
    "error_text",
    "input_file",
    "input_paths",
    "max_length_of",
    "parse_date",
    "parse_jsonl",
    "quiet_page_logs",
    "read_csv",
    "read_jsonl",
    "read_lines",
    "read_markdown",
    "read_yaml_mapping",
    "report_write",
    "shown",
    "type_name",
]
