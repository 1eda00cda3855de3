"""The entry dossier (PDF) and a jury member's reading pack (ZIP): content, page numbers, and
that nobody gets an entry they may not read."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.documents import entry_dossier_pdf
from tests.conftest import world_grow

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def test_dossier_has_the_edition_municipality_answers_in_order_attachments_and_page_numbers(world):
    long_answer = " ".join(["Växjö delar sina e-tjänster med grannkommunerna."] * 120)
    answer = world.entry_a.answers.get(question=world.questions[1])
    answer.text = long_answer
    answer.save()
    text, pages = pdf_text(entry_dossier_pdf(world.entry_a))
    assert pages >= 2
    assert f"Sida 1 / {pages}" in text
    assert f"Sida {pages} / {pages}" in text
    assert world.edition.name in text
    assert "Växjö (Kronobergs län)" in text
    first, second, third = (text.index(f"Fråga {n}") for n in (1, 2, 3))
    assert first < second < third
    assert text.index("Växjö är stolt över sina e-tjänster.") < second
    assert "Växjös strategi.pdf" in text  # Swedish letters survive the font


def test_dossier_download_follows_who_may_see_the_entry(world):
    url = reverse("awards:entry-dossier", args=[world.entry_a.pk])
    for role, status in [
        ("municipality_a", 200),
        ("juror", 200),
        ("chair", 200),
        ("organiser", 200),
        ("municipality_b", 404),
        ("conflicted_juror", 404),
        ("expert", 404),
    ]:
        response = world.client_for(role).get(url)
        assert response.status_code == status, role
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response.content.startswith(b"%PDF")


def pack_for(world, role):
    """Ask for a reading pack as the role and build it as the worker would."""
    from awards.models import DocumentJob
    from evaluation.tasks import build_reading_pack

    client = world.client_for(role)
    url = reverse("evaluation:reading-pack", args=[world.edition.slug])
    assert client.post(url).status_code == 302
    job = DocumentJob.objects.filter(owner=world.users[role]).latest("created_at")
    assert job.status == "queued"
    assert build_reading_pack.call(job.pk) is True
    job.refresh_from_db()
    return client, job


def zip_names(client, world, job) -> list[str]:
    url = reverse("evaluation:reading-pack-download", args=[world.edition.slug, job.pk])
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    data = b"".join(response.streaming_content)
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_reading_pack_holds_every_entry_the_juror_reads_and_never_a_conflicted_one(world):
    world_grow(world, extra_entries=1)
    slug = world.edition.slug
    client, job = pack_for(world, "juror")
    assert (job.status, job.done, job.total, job.percent) == ("done", 3, 3, 100)
    juror = zip_names(client, world, job)
    assert f"{slug}-växjö/{slug}-växjö.pdf" in juror
    assert any(name.endswith("-Växjös strategi.pdf") for name in juror)
    assert f"{slug}-sundsvall/{slug}-sundsvall.pdf" in juror
    assert f"{slug}-umeå/{slug}-umeå.pdf" in juror
    client, job = pack_for(world, "conflicted_juror")
    # Conflicted with Växjö (and the extra entries): only Sundsvall is in the pack.
    assert zip_names(client, world, job) == [f"{slug}-sundsvall/{slug}-sundsvall.pdf"]
    url = reverse("evaluation:reading-pack", args=[slug])
    assert world.client_for("organiser").get(url).status_code == 404  # not on the jury
    assert world.client_for("municipality_a").get(url).status_code == 403


def test_a_pack_is_only_for_who_asked_and_only_while_they_may_read_it_all(world):
    client, job = pack_for(world, "juror")
    download = reverse("evaluation:reading-pack-download", args=[world.edition.slug, job.pk])
    assert world.client_for("chair").get(download).status_code == 404
    from evaluation.models import ConflictDeclaration

    ConflictDeclaration.objects.filter(
        member__user=world.users["juror"], entry=world.entry_a
    ).update(has_conflict=True, kind="employment")
    response = client.get(download)
    assert response.status_code == 302  # back to the page: prepare it again


def test_the_pack_page_shows_progress_and_polls_while_building(world):
    from awards.models import DocumentJob

    client = world.client_for("juror")
    url = reverse("evaluation:reading-pack", args=[world.edition.slug])
    client.post(url)
    DocumentJob.objects.update(status="running", done=1, total=2)
    body = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert 'value="50"' in body
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="pack-status"')


def test_a_failing_build_is_recorded_on_the_job_not_left_running(world):
    from awards.models import DocumentJob
    from awards.tasks import document_job_run

    job = DocumentJob.objects.create(edition=world.edition, kind="reading_pack")

    def broken(job):
        raise RuntimeError("disk full")

    assert document_job_run(job, broken, "x.zip") is False
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "disk full")
    assert job.finished_at is not None
