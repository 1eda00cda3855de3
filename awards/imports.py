"""Answers entered for municipalities from a spreadsheet, one row per municipality: a
publication's survey answered outside Juryrum, say, or answers sent to the award office.

The file is CSV (semicolon or comma, UTF-8 with or without BOM, as Swedish Excel writes it) or
XLSX. Its first row names the columns: "Kommunkod" (or "Kommun", the name) and one column per
question, headed by the question's text exactly as in the questionnaire (the template the
page offers has them). Every cell is checked as the answer form checks it; a file with any
error changes nothing, and each error names its row and column.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from awards.choices import QuestionKind
from awards.collation import swedish_key
from awards.forms import field_for
from awards.models import Edition, Municipality, Question

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
CODE_HEADERS = {"kommunkod", "code", "municipality code"}
NAME_HEADERS = {"kommun", "municipality", "name"}


class UnreadableFile(ValueError):
    """The file cannot be read as a table."""


@dataclass
class ImportRow:
    line: int
    municipality: Municipality
    values: dict  # {Question: value}, only the cells that hold something


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # columns that name no question


def importable_questions(edition: Edition) -> list[Question]:
    """The questions a spreadsheet can answer: all but file questions, in questionnaire order."""
    return list(
        Question.objects.filter(section__edition=edition)
        .exclude(kind=QuestionKind.FILE)
        .select_related("section")
        .order_by("section__position", "position")
    )


def template_table(edition: Edition) -> tuple[list[str], list[list]]:
    """The header to fill in, and a row for every municipality with an entry already."""
    header = ["Kommunkod", "Kommun", *(q.text for q in importable_questions(edition))]
    municipalities = sorted(
        Municipality.objects.filter(entry_memberships__edition=edition).distinct(),
        key=lambda m: swedish_key(m.name),
    )
    return header, [[m.code, m.name] for m in municipalities]


def read_table(upload) -> list[list]:
    """The file's rows as lists of cell values (text, numbers or None)."""
    if upload.size > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 2 MB."))
    data = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
            raise UnreadableFile(_("The file cannot be read as an XLSX workbook.")) from error
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
        workbook.close()
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("Save the CSV file as UTF-8 and try again.")) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))[: MAX_ROWS + 2]


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _answer(question: Question, value):
    """The answer the form would store for this cell, or raises ValidationError."""
    form_field = field_for(question)
    if question.kind in (QuestionKind.SCALE, QuestionKind.YES_NO):
        wanted = str(value).strip().casefold()
        for key, label in form_field.choices:
            if wanted in (str(key).casefold(), str(label).casefold()):
                value = key
                break
    if question.kind == QuestionKind.NUMBER and isinstance(value, int | float):
        value = Decimal(str(value))
    elif not isinstance(value, str):
        value = str(value)
    return form_field.clean(value)


def plan_import(edition: Edition, upload) -> ImportPlan:
    """Read and check the whole file; nothing is written here."""
    plan = ImportPlan()
    try:
        table = read_table(upload)
    except UnreadableFile as error:
        plan.errors.append(str(error))
        return plan
    table = [row for row in table if any(_cell(v) is not None for v in row)]
    if not table:
        plan.errors.append(_("The file is empty."))
        return plan
    if len(table) > MAX_ROWS + 1:
        plan.errors.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        return plan
    header = [str(_cell(v) or "") for v in table[0]]
    lowered = [h.casefold() for h in header]
    code_at = next((i for i, h in enumerate(lowered) if h in CODE_HEADERS), None)
    name_at = next((i for i, h in enumerate(lowered) if h in NAME_HEADERS), None)
    if code_at is None and name_at is None:
        plan.errors.append(_('The first row needs a column "Kommunkod" or "Kommun".'))
        return plan
    questions = {q.text.strip(): q for q in importable_questions(edition)}
    columns = {}
    for i, title in enumerate(header):
        if i in (code_at, name_at) or not title:
            continue
        if title in questions:
            columns[i] = questions[title]
        else:
            plan.ignored.append(title)
    if not columns:
        plan.errors.append(_("No column is headed by the text of one of the edition's questions."))
        return plan
    by_code = {m.code: m for m in Municipality.objects.all()}
    by_name = {m.name.casefold(): m for m in by_code.values()}
    seen: dict[int, int] = {}
    for line, row in enumerate(table[1:], start=2):
        row = [*row, *[None] * (len(header) - len(row))]
        municipality = None
        if code_at is not None and _cell(row[code_at]) is not None:
            code = str(_cell(row[code_at]))
            municipality = by_code.get(code.zfill(4) if code.isdigit() else code)
        elif name_at is not None and _cell(row[name_at]) is not None:
            municipality = by_name.get(str(_cell(row[name_at])).casefold())
        if municipality is None:
            plan.errors.append(_("Row %(line)s: no such municipality.") % {"line": line})
            continue
        if municipality.pk in seen:
            plan.errors.append(
                _("Row %(line)s: %(name)s is on row %(first)s already.")
                % {"line": line, "name": municipality.name, "first": seen[municipality.pk]}
            )
            continue
        seen[municipality.pk] = line
        values = {}
        for i, question in columns.items():
            value = _cell(row[i])
            if value is None:
                continue
            try:
                values[question] = _answer(question, value)
            except ValidationError as error:
                messages = error.messages
                plan.errors.append(
                    _("Row %(line)s, %(column)s: %(message)s")
                    % {"line": line, "column": header[i][:60], "message": " ".join(messages)}
                )
        plan.rows.append(ImportRow(line, municipality, values))
    return plan
