"""Tables people take away, as CSV or XLSX, built from rows the caller has already filtered
by what its reader may see. Cells that a spreadsheet would run as a formula are neutralised."""

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from awards.models import Entry, Question
from awards.selectors import audit_rows

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: a text a spreadsheet could read as a formula gets a
    leading apostrophe. Spreadsheets skip leading blanks, and some read the full-width equals
    sign (U+FF1D) as '=', so the test is made on the NFKC form without leading whitespace."""
    text = "" if value is None else str(value)
    bare = unicodedata.normalize("NFKC", text).lstrip()
    return f"'{text}" if text.startswith(FORMULA_START) or bare.startswith(FORMULA_START) else text


def moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_dialect() -> dict:
    """Swedish spreadsheets expect semicolons between cells and a decimal comma (the comma
    separates decimals); English ones commas and a decimal point. The file follows the
    reader's language."""
    swedish = get_language() == "sv"
    return {"delimiter": ";" if swedish else ",", "decimal": "," if swedish else "."}


def csv_value(value, decimal: str) -> str:
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return str(value).replace(".", decimal)
    return csv_cell(value)


def table_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence], fmt: str, sheet: str = ""
) -> HttpResponse:
    """The table as a download in `fmt` (csv or xlsx); 404 for any other format. In XLSX,
    texts are typed as text, which a spreadsheet never runs, so an answer beginning with "-"
    or "+46" reads as written; numbers stay numbers. CSV has no types: there a text that a
    spreadsheet could run gets a leading apostrophe (csv_cell)."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "xlsx":
        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = (sheet or _("Export"))[:31]
        for line in [header, *rows]:
            worksheet.append([str(v) if isinstance(v, Promise) else v for v in line])
            for cell in worksheet[worksheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would make "=…" a formula
        worksheet.freeze_panes = "B2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        dialect = csv_dialect()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
        writer = csv.writer(response, delimiter=dialect["delimiter"])
        writer.writerow([csv_cell(v) for v in header])
        for line in rows:
            writer.writerow([csv_value(value, dialect["decimal"]) for value in line])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def answers_table(edition, entries: Iterable[Entry]) -> tuple[list[str], list[list]]:
    """One row per entry, one column per question in the questionnaire's order. The entries
    come from the caller, already limited to what the reader may see."""
    questions = list(
        Question.objects.filter(section__edition=edition).order_by("section__position", "position")
    )
    header = [_("Entry"), _("Municipalities"), *(q.localised_text for q in questions)]
    rows = []
    for entry in entries.prefetch_related("answers", "attachments", "municipalities"):
        answers = {a.question_id: a for a in entry.answers.all()}
        files: dict[int, list[str]] = {}
        for attachment in entry.attachments.all():
            files.setdefault(attachment.question_id, []).append(attachment.original_name)
        cells = [entry.title, ", ".join(m.name for m in entry.municipalities.all())]
        for question in questions:
            answer = answers.get(question.pk)
            if answer is not None:
                answer.question = question
            if question.pk in files:
                cells.append(", ".join(files[question.pk]))
            elif answer is not None and not answer.is_empty:
                cells.append(answer.display)
            else:
                cells.append("")
        rows.append(cells)
    return header, rows


def entries_table(entries: list[Entry], now=None) -> tuple[list[str], list[list]]:
    """The organisers' list of entries. The standing is the one the public may know now, so
    the file never carries a decision before its announcement moment."""
    header = [
        _("Entry"),
        _("Municipalities"),
        _("Counties"),
        _("State"),
        _("Submitted"),
        _("Deadline"),
        _("Required questions unanswered"),
        _("Contacts"),
        _("Competes"),
        _("May be published"),
        _("Standing (as public)"),
    ]
    rows = []
    for entry in entries:
        municipalities = list(entry.municipalities.all())
        rows.append(
            [
                entry.title,
                ", ".join(m.name for m in municipalities),
                ", ".join(entry.counties),
                entry.get_state_display(),
                moment(entry.submitted_at),
                moment(entry.deadline),
                entry.missing,
                ", ".join(c.user.email for m in municipalities for c in m.contacts.all()),
                _("yes") if entry.competing else _("no"),
                _("yes") if entry.publication_consent else _("no"),
                entry.edition.award.stage_name(entry.public_standing(now)),
            ]
        )
    return header, rows


def contacts_table(contacts) -> tuple[list[str], list[list]]:
    header = [_("Municipality"), _("Name"), _("Email address"), _("Title"), _("Language")]
    rows = [
        [
            c.municipality.name,
            c.user.display_name or c.user.get_username(),
            c.user.email,
            c.title,
            c.user.preferred_language,
        ]
        for c in contacts
    ]
    return header, rows


def audit_table(entries) -> tuple[list[str], list[list]]:
    """The audit trail as a table: one row per change of a field."""
    header = [_("When"), _("Changed by"), _("From address"), _("Record"), _("Kind of change")]
    header += [_("Field"), _("Before"), _("After")]
    rows = []
    for row in audit_rows(entries.iterator(chunk_size=500)):
        entry = row.entry
        first = [
            moment(entry.timestamp),
            str(entry.actor) if entry.actor else _("The system"),
            entry.remote_addr or "",
            f"{row.kind}: {entry.object_repr}",
            row.action,
        ]
        for field_name, before, after in row.changes or [("", "", "")]:
            rows.append([*first, field_name, before, after])
    return header, rows
