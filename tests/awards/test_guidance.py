"""The public and the municipalities are guided: a way in on the edition page, a front page
for today, past tense after the fact, the municipality's own record, the confirmation after
submitting, days left counted as people count them, and Swedish content marked as Swedish on
English pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import Criterion, Edition, Publication, PublishedText
from awards.services import entry_submit
from awards.templatetags.awards_tags import content_lang, days_left_at

pytestmark = pytest.mark.django_db


def edition_page(client, edition) -> str:
    return client.get(edition.get_absolute_url()).content.decode()


def test_the_edition_page_offers_a_way_in_while_entries_are_open(client, world):
    edition = world.edition
    Edition.objects.filter(pk=edition.pk).update(contact_email="kansliet@example.org")
    body = edition_page(client, edition)
    assert "Vem kan delta" in body
    assert "kansliet@example.org" in body
    assert "dagar kvar" in body
    register = reverse("awards:entry-register", kwargs={"slug": edition.slug})
    # One primary action: sign in and come back to the registration.
    assert f"?next={register}" in body
    assert body.count("btn-primary") == 1


def test_after_the_deadline_the_edition_page_says_where_it_stands(client, world):
    edition = world.edition
    Edition.objects.filter(pk=edition.pk).update(
        submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    body = edition_page(client, edition)
    assert "Vem kan delta" not in body
    assert "Juryn läser bidragen." in body
    assert "Fas:" not in body


def test_after_the_gala_pages_speak_in_the_past_tense(client, world):
    edition = world.edition
    Edition.objects.filter(pk=edition.pk).update(
        phase="decided", announce_at=timezone.now() - timedelta(days=1)
    )
    body = edition_page(client, edition)
    assert "Vinnaren offentliggjordes" in body
    assert "Beslutad" not in body
    home = client.get(reverse("awards:home")).content.decode()
    assert home.index("Senaste vinnaren") < home.index(f'href="{edition.get_absolute_url()}"')


def test_the_front_page_leads_with_what_is_open_now(client, world):
    home = client.get(reverse("awards:home")).content.decode()
    assert home.index("Just nu") < home.index(world.edition.get_absolute_url())
    assert "Anmälan är öppen till" in home
    assert "Så deltar ni" in home


def test_a_municipality_page_shows_its_published_text_once_the_publication_is(client, world):
    entry, edition = world.entry_a, world.edition
    publication = Publication.objects.create(edition=edition, title="Goda exempel")
    PublishedText.objects.create(
        publication=publication,
        entry=entry,
        position=1,
        county="Kronobergs län",
        title=entry.title,
        answers=[["Fråga 1", "Question 1", "Växjö delar allt öppet."]],
    )
    url = reverse("awards:municipality", args=[entry.municipalities.get().code])
    assert "Växjö delar allt öppet." not in client.get(url).content.decode()
    Publication.objects.filter(pk=publication.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    body = client.get(url).content.decode()
    assert "Kommunens egen beskrivning av arbetet" in body
    assert "Växjö delar allt öppet." in body
    assert f"#entry-{entry.pk}" in body


def test_the_confirmation_says_who_gets_the_receipt_and_what_happens_next(world):
    draft = world.draft_a
    for question in draft.edition.sections.get().questions.all():
        draft.answers.create(question=question, text="Svar", version=1)
    entry_submit(entry=draft)
    client = world.client_for("municipality_a")
    body = client.get(reverse("awards:entry-submitted", args=[draft.pk])).content.decode()
    assert "Bidraget är inskickat" in body
    assert world.users["municipality_a"].email in body
    assert reverse("awards:entry-dossier", args=[draft.pk]) in body
    assert "Vad händer nu" in body


@pytest.mark.parametrize(
    ("days", "words"),
    [(0, "sista dagen i dag"), (1, "1 dag kvar"), (45, "45 dagar kvar"), (-1, "")],
)
def test_days_left_are_counted_in_calendar_days(days, words):
    now = timezone.make_aware(timezone.datetime(2026, 12, 6, 12, 0))
    moment = timezone.make_aware(timezone.datetime(2026, 12, 6, 23, 59) + timedelta(days=days))
    with translation.override("sv"):
        assert days_left_at(moment, now) == words


def test_english_pages_mark_swedish_content_as_swedish(world):
    criterion = Criterion(name="Service", name_en="", description="Hur", description_en="How")
    with translation.override("en"):
        assert content_lang(criterion, "name") == ' lang="sv"'
        assert content_lang(criterion, "description") == ""
    with translation.override("sv"):
        assert content_lang(criterion, "name") == ""


def test_an_english_edition_page_marks_untranslated_criteria(client, world):
    Criterion.objects.create(edition=world.edition, name="Bara svenska", position=99, weight=1)
    client.cookies["django_language"] = "en"
    body = client.get(world.edition.get_absolute_url()).content.decode()
    assert '<dt lang="sv">Bara svenska</dt>' in body


def test_signed_in_people_are_offered_only_what_they_may_do(world):
    edition = world.edition
    register = reverse("awards:entry-register", kwargs={"slug": edition.slug})
    # Sundsvall's contact has an entry already: to their entries, not to a 403.
    body = world.client_for("municipality_b").get(edition.get_absolute_url()).content.decode()
    assert register not in body
    assert reverse("awards:entry-list") in body
    # A juror acts for no municipality: told whom to ask, no button to a refusal.
    body = world.client_for("juror").get(edition.get_absolute_url()).content.decode()
    assert register not in body
    assert "Du företräder ingen kommun i Juryrum" in body
