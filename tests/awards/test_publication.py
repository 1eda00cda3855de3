"""The edition's publication: consenting entries only, each after its municipality approved
the proof, grouped by county with contents; public pages and PDF only once published."""

import copy
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards.errors import ActionRefused
from awards.models import Entry, Publication, PublicationProof
from awards.services import (
    publication_proof_approve,
    publication_publish,
    publication_save,
)
from tests import factories
from tests.conftest import world_grow

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_consenting(shared_world):
    world = shared_world
    world_grow(world, extra_entries=1)
    Entry.objects.filter(edition=world.edition).update(publication_consent=True)
    Entry.objects.filter(edition=world.edition, title="Umeå").update(publication_consent=False)
    for entry in Entry.objects.filter(edition=world.edition):
        entry.refresh_from_db()
    world.entry_a.refresh_from_db()
    world.entry_b.refresh_from_db()
    return world


@pytest.fixture
def consenting(shared_consenting, db):
    return copy.deepcopy(shared_consenting)


def open_proofs(world):
    return publication_save(
        edition=world.edition,
        title="Kommunernas utveckling i en digital tid",
        introduction="Här berättar kommunerna själva.",
        seen_version=0,
    )


def test_nothing_is_published_before_the_municipality_approves(consenting):
    w = consenting
    with pytest.raises(ActionRefused, match="inte öppet"):
        publication_proof_approve(entry=w.entry_a, actor=w.users["municipality_a"])
    open_proofs(w)
    with pytest.raises(ActionRefused, match="Ingen kommun"):
        publication_publish(edition=w.edition)
    url = reverse("awards:entry-proof", args=[w.entry_a.pk])
    body = w.client_for("municipality_a").get(url).content.decode()
    assert "Växjö är stolt över sina e-tjänster." in body
    w.client_for("municipality_a").post(url)
    assert PublicationProof.objects.get().entry == w.entry_a
    assert w.client_for("municipality_b").get(url).status_code == 404
    umea = Entry.objects.get(edition=w.edition, title="Umeå")
    with pytest.raises(ActionRefused, match="samtycker"):
        publication_proof_approve(entry=umea, actor=w.users["organiser"])


def test_the_public_sees_the_publication_only_once_published(consenting, client):
    w = consenting
    publication = open_proofs(w)
    publication_proof_approve(entry=w.entry_a, actor=w.users["municipality_a"])
    pages = reverse("awards:publication", args=[w.edition.slug])
    pdf = reverse("awards:publication-pdf", args=[w.edition.slug])
    assert client.get(pages).status_code == 404
    assert client.get(pdf).status_code == 404
    preview = w.client_for("organiser").get(pages).content.decode()
    assert "preview-banner" in preview
    publication_publish(edition=w.edition)
    publication.refresh_from_db()
    body = client.get(pages).content.decode()
    assert "Kommunernas utveckling i en digital tid" in body
    assert "Här berättar kommunerna själva." in body
    assert "Kronobergs län" in body
    assert "Växjö är stolt över sina e-tjänster." in body
    assert "Sundsvall delar kod" not in body  # not approved
    assert "Umeå svarar" not in body  # no consent
    assert "Kommunernas utveckling" in client.get(w.edition.get_absolute_url()).content.decode()
    # Publishing drew the PDF in the background; here the worker runs it.
    from awards.models import DocumentJob
    from awards.tasks import build_publication_pdf

    job = DocumentJob.objects.get(kind="publication")
    assert client.get(pdf).status_code == 404  # not drawn yet
    assert build_publication_pdf.call(job.pk) is True
    response = client.get(pdf)
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Innehåll" in text
    assert "Växjö är stolt över sina e-tjänster." in text
    assert len(reader.pages) >= 4  # cover, introduction, contents, a county


def test_contents_are_grouped_by_county_in_order(consenting):
    from awards.selectors import publication_contents

    w = consenting
    open_proofs(w)
    for entry, role in ((w.entry_a, "municipality_a"), (w.entry_b, "municipality_b")):
        publication_proof_approve(entry=entry, actor=w.users[role])
    groups = publication_contents(w.edition)
    assert [county for county, _items in groups] == ["Kronobergs län", "Västernorrlands län"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Detta fält måste fyllas i"),
        ({"title": "x" * 201}, "200"),
        ({"introduction": "x" * 20001}, "20000"),
        ({"seen_version": "3"}, "ändrats under tiden"),
    ],
)
def test_publication_form_bad_input_changes_nothing(consenting, data, message):
    w = consenting
    open_proofs(w)
    url = reverse("awards:publication-manage", args=[w.edition.slug])
    values = {"title": "Ny titel", "introduction": "Ny", "seen_version": "1", **data}
    response = w.client_for("organiser").post(url, values)
    assert message in response.content.decode()
    assert Publication.objects.get().title == "Kommunernas utveckling i en digital tid"


def test_organisers_publish_from_their_page(consenting):
    w = consenting
    open_proofs(w)
    factories.make_contact("Växjö")
    publication_proof_approve(entry=w.entry_a, actor=w.users["municipality_a"])
    url = reverse("awards:publication-publish", args=[w.edition.slug])
    response = w.client_for("organiser").post(url, follow=True)
    assert "Publikationen är offentlig." in response.content.decode()
    assert Publication.objects.get().published_at is not None


def test_publishing_before_anything_is_approved_is_refused_with_words(consenting):
    w = consenting
    url = reverse("awards:publication-publish", args=[w.edition.slug])
    response = w.client_for("organiser").post(url, follow=True)
    assert "Skriv publikationens titel och inledning först." in response.content.decode()
    assert not Publication.objects.exists()
    open_proofs(w)
    response = w.client_for("organiser").post(url, follow=True)
    assert "Ingen kommun har godkänt sin text än." in response.content.decode()
    assert Publication.objects.get().published_at is None
    # Only organisers act; opening the address does nothing.
    assert w.client_for("juror").post(url).status_code == 403
    assert w.client_for("organiser").get(url).status_code == 405


def test_a_change_after_approval_waits_for_a_new_approval_and_publishing(consenting, client):
    """The review's case: approve, publish, reopen, edit, resubmit. The web pages and the PDF
    keep the approved text; the contact is told and approves anew; the new text is public
    only once the organisers publish again."""
    from django.core import mail

    from awards.models import DocumentJob
    from awards.services import answer_save, entry_reopen, entry_submit
    from awards.tasks import build_publication_pdf, send_entry_receipt

    w = consenting
    old, new = "Växjö är stolt över sina e-tjänster.", "Växjö har nu 40 e-tjänster."
    open_proofs(w)
    publication_proof_approve(entry=w.entry_a, actor=w.users["municipality_a"])
    publication_publish(edition=w.edition)
    entry_reopen(entry=w.entry_a, reason="Ny siffra", actor=w.users["organiser"])
    answer_save(entry=w.entry_a, question=w.questions[0], text=new)
    entry_submit(entry=w.entry_a)

    pages = reverse("awards:publication", args=[w.edition.slug])
    body = client.get(pages).content.decode()
    assert old in body
    assert new not in body
    job = DocumentJob.objects.create(edition=w.edition, kind="publication")
    assert build_publication_pdf.call(job.pk) is True
    pdf = client.get(reverse("awards:publication-pdf", args=[w.edition.slug]))
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert old in text
    assert new not in text

    # The contact is told, in the receipt and on the proof page, and the organisers see it.
    send_entry_receipt.call(w.entry_a.pk, None)
    proof_url = reverse("awards:entry-proof", args=[w.entry_a.pk])
    assert any(proof_url in message.body for message in mail.outbox)
    contact = w.client_for("municipality_a")
    proof_page = contact.get(proof_url).content.decode()
    assert "har ändrats sedan texten godkändes" in proof_page
    assert new in proof_page
    manage = reverse("awards:publication-manage", args=[w.edition.slug])
    assert "väntar på nytt godkännande" in w.client_for("organiser").get(manage).content.decode()

    contact.post(proof_url)
    assert "har ändrats sedan texten godkändes" not in contact.get(proof_url).content.decode()
    assert new not in client.get(pages).content.decode()  # not before publishing again
    publication_publish(edition=w.edition)
    body = client.get(pages).content.decode()
    assert new in body
    assert old not in body
