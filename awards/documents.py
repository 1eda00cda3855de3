"""Documents Juryrum draws: PDFs made with WeasyPrint from HTML templates. The fonts are
DejaVu, which covers Swedish letters; every page carries its number.

Every PDF is tagged PDF/UA-1 (EN 301 549 and the Swedish accessibility law bind the public
bodies that read them): its structure tree follows the HTML's headings, lists and tables in
reading order, with the document's title and language from the template's <title> and
<html lang>."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from awards.models import Entry
from awards.selectors import publication_groups, questionnaire_with_answers


def pdf_from_html(html: str) -> bytes:
    """A tagged (PDF/UA-1) PDF of the HTML."""
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def pdf_from_template(template: str, context: dict, request=None) -> bytes:
    return pdf_from_html(render_to_string(template, context, request))


def entry_dossier_pdf(entry: Entry) -> bytes:
    """An entry's answers in the questionnaire's order, with the edition, the municipalities
    and the list of attachments: what a juror reads on paper. Whoever asks for it must be
    allowed to see the entry (the views check `awards.view_entry`)."""
    questionnaire = questionnaire_with_answers(entry)
    attachments = [
        file for _section, rows in questionnaire for _q, _a, files in rows for file in files
    ]
    return pdf_from_template(
        "awards/dossier.html",
        {
            "entry": entry,
            "edition": entry.edition,
            "municipalities": list(entry.municipalities.all()),
            "questionnaire": questionnaire,
            "attachments": attachments,
            "generated_at": timezone.localtime(),
        },
    )


def dossier_filename(entry: Entry) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in entry.title).strip("-").lower()
    return f"{entry.edition.slug}-{safe or entry.pk}.pdf"


def publication_pdf(publication) -> bytes:
    """The publication as one PDF: title page, introduction, a table of contents with page
    numbers by county, then each approved entry's answers."""
    return pdf_from_template(
        "awards/publication_pdf.html",
        {
            "publication": publication,
            "edition": publication.edition,
            "groups": publication_groups(publication),
        },
    )
