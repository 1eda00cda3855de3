"""Attachments: the type is read from the content, the size is checked against the question's
limit, files are stored privately and served only to those who may see the entry."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.choices import QuestionKind
from awards.models import Attachment, Question
from awards.selectors import missing_answers
from awards.services import answers_save, entry_submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03" + b"\x00" * 400


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def file_question(world):
    return Question.objects.create(
        section=world.draft_a.edition.sections.get(),
        position=20,
        kind=QuestionKind.FILE,
        text="Strategin",
        required=True,
        allowed_types=["pdf", "docx"],
        max_size_mb=1,
    )


def upload(client, entry, question, name, content):
    return client.post(
        reverse("awards:attachment-upload", args=[entry.pk]),
        {"question": question.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_upload_pdf_and_docx_by_content(world, file_question):
    client = world.client_for("municipality_a")
    upload(client, world.draft_a, file_question, "strategi.pdf", PDF)
    response = upload(client, world.draft_a, file_question, "utan-ändelse", docx_bytes())
    assert "utan-ändelse är bifogad" in response.content.decode()
    files = {a.original_name: a for a in Attachment.objects.filter(entry=world.draft_a)}
    assert files["strategi.pdf"].file_type == "pdf"
    assert files["utan-ändelse"].file_type == "docx"
    assert files["utan-ändelse"].file.name.endswith(".docx")
    assert "strategi" not in files["strategi.pdf"].file.name


def test_program_named_pdf_is_refused_with_the_allowed_types(world, file_question):
    response = upload(
        world.client_for("municipality_a"), world.draft_a, file_question, "ok.pdf", EXE
    )
    assert "inte någon av de tillåtna typerna: PDF, DOCX" in response.content.decode()
    assert not Attachment.objects.filter(entry=world.draft_a).exists()


def test_type_not_allowed_for_the_question_is_refused(world, file_question):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    upload(world.client_for("municipality_a"), world.draft_a, file_question, "bild.png", png)
    assert not Attachment.objects.filter(entry=world.draft_a).exists()


def test_oversized_file_is_refused_naming_the_limit(world, file_question):
    big = PDF + b"0" * (1024 * 1024 + 1)
    response = upload(
        world.client_for("municipality_a"), world.draft_a, file_question, "stor.pdf", big
    )
    assert "får vara högst 1 MB" in response.content.decode()
    assert not Attachment.objects.filter(entry=world.draft_a).exists()


def test_a_request_beyond_the_largest_file_is_not_read_to_its_end(world, file_question):
    """The question takes 1 MB: a 3 MB request is stopped at the limit, not read whole and then
    refused, and the contact is told why on the section."""
    big = PDF + b"0" * (3 * 1024 * 1024)
    response = upload(
        world.client_for("municipality_a"), world.draft_a, file_question, "stor.pdf", big
    )
    assert "större än 1 MB" in response.content.decode()
    assert "Inget sparades" in response.content.decode()
    assert not Attachment.objects.filter(entry=world.draft_a).exists()
    posted = world.client_for("municipality_a").post(
        reverse("awards:attachment-upload", args=[world.draft_a.pk]),
        {"question": file_question.pk, "file": SimpleUploadedFile("stor.pdf", big)},
    )
    stream = posted.wsgi_request._stream
    assert stream._pos < 2 * 1024 * 1024 < stream.limit


def test_empty_upload_is_refused(world, file_question):
    response = world.client_for("municipality_a").post(
        reverse("awards:attachment-upload", args=[world.draft_a.pk]),
        {"question": file_question.pk},
        follow=True,
    )
    assert "Välj en fil" in response.content.decode()
    assert not Attachment.objects.filter(entry=world.draft_a).exists()


def test_upload_to_a_question_of_another_edition_is_refused(world, file_question):
    other = Question.objects.create(
        section=world.questions[0].section, position=30, kind=QuestionKind.FILE, text="Annan"
    )
    upload(world.client_for("municipality_a"), world.draft_a, other, "x.pdf", PDF)
    assert not Attachment.objects.filter(entry=world.draft_a).exists()


def test_upload_to_another_municipalitys_entry_is_404(world, file_question):
    response = world.client_for("municipality_b").post(
        reverse("awards:attachment-upload", args=[world.draft_a.pk]),
        {"question": file_question.pk, "file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 404
    assert not Attachment.objects.filter(entry=world.draft_a).exists()


def test_required_file_question_counts_as_missing_until_a_file_is_attached(world, file_question):
    draft = world.draft_a
    answers_save(
        entry=draft,
        values={
            q: "Svar" for q in world.draft_a.edition.sections.get().questions.exclude(kind="file")
        },
        seen_versions={},
    )
    assert missing_answers(draft) == [file_question]
    upload(world.client_for("municipality_a"), draft, file_question, "s.pdf", PDF)
    assert missing_answers(draft) == []
    entry_submit(entry=draft)


def test_download_is_an_attachment_with_the_detected_type(world):
    attachment = world.entry_a.attachments.get()
    response = world.client_for("juror").get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_remove_is_post_only_and_refused_after_submission(world, file_question):
    client = world.client_for("municipality_a")
    upload(client, world.draft_a, file_question, "s.pdf", PDF)
    attachment = Attachment.objects.get(entry=world.draft_a)
    url = reverse("awards:attachment-delete", args=[attachment.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    submitted = world.entry_a.attachments.get()
    client.post(reverse("awards:attachment-delete", args=[submitted.pk]))
    assert Attachment.objects.filter(pk=submitted.pk).exists()


def test_section_page_offers_upload_for_file_questions(world, file_question):
    body = (
        world.client_for("municipality_a")
        .get(reverse("awards:entry-section", kwargs={"pk": world.draft_a.pk, "position": 1}))
        .content.decode()
    )
    assert 'enctype="multipart/form-data"' in body
    assert "Tillåtet: PDF, DOCX; högst 1 MB." in body


def test_a_fifty_megabyte_upload_is_refused_naming_the_limit(world, file_question):
    Question.objects.filter(pk=file_question.pk).update(max_size_mb=20)
    file_question.refresh_from_db()
    big = PDF + b"0" * (50 * 1024 * 1024)
    response = upload(
        world.client_for("municipality_a"), world.draft_a, file_question, "stor.pdf", big
    )
    assert response.status_code == 200
    assert "Filen är större än 20 MB" in response.content.decode()
    assert not Attachment.objects.filter(entry=world.draft_a).exists()
