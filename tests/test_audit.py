"""The audit trail: saves and compare-and-set updates both leave an entry with who, when, what
and from where; organisers read their edition's trail with filters and take it away; nothing
can change or remove an entry."""

import csv
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AppendOnlyError, for_edition
from awards.models import Answer, Edition, Entry, Question
from awards.services import answers_save, entry_reopen
from evaluation.models import ConflictDeclaration, Scorecard
from tests import factories
from tests.conftest import second_factor_queries, world_grow

pytestmark = pytest.mark.django_db


def extend_deadline(world, until):
    return world.client_for("organiser").post(
        reverse("awards:entry-extend", args=[world.edition.slug, world.entry_a.pk]),
        {
            "extend-until": timezone.localtime(until).strftime("%Y-%m-%dT%H:%M"),
            "extend-reason": "Sjukdom i projektgruppen",
        },
        REMOTE_ADDR="192.0.2.10",
    )


def test_an_update_through_a_view_is_on_the_trail_with_actor_and_address(world):
    until = timezone.now() + timedelta(days=3)
    assert extend_deadline(world, until).status_code == 302
    entry = LogEntry.objects.get_for_object(world.entry_a).get(
        changes__has_key="deadline_extended_to"
    )
    assert entry.actor == world.users["organiser"]
    assert entry.remote_addr == "192.0.2.10"
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes["deadline_extended_to"][0] == "None"
    assert entry.additional_data == {"edition": world.edition.pk}


def test_an_update_reads_before_and_after_and_writes_one_entry_per_changed_row(
    world, django_assert_num_queries
):
    world_grow(world, extra_entries=2)
    entries = Entry.objects.filter(edition=world.edition).exclude(pk=world.entry_b.pk)
    ContentType.objects.get_for_model(Entry)  # cached, as in a running server
    ids = sorted(entries.values_list("pk", flat=True))
    assert len(ids) == 3
    with django_assert_num_queries(3 + 3):
        assert entries.update(title="Samma titel") == 3
    trail = LogEntry.objects.get_for_objects(Entry.objects.filter(pk__in=ids)).filter(
        action=LogEntry.Action.UPDATE
    )
    assert sorted(int(e.object_pk) for e in trail.filter(changes__has_key="title")) == ids
    # A row whose value is already what the update writes leaves no entry.
    with django_assert_num_queries(3):
        assert entries.update(title="Samma titel") == 3
    assert trail.filter(changes__has_key="title").count() == 3


def test_a_forged_forwarded_for_header_is_not_believed(world):
    world.client_for("organiser").post(
        reverse("awards:entry-extend", args=[world.edition.slug, world.entry_a.pk]),
        {
            "extend-until": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "extend-reason": "Skäl",
        },
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    entry = LogEntry.objects.get_for_object(world.entry_a).latest("timestamp")
    assert entry.remote_addr == "192.0.2.10"


def test_scores_conflicts_and_announcement_times_are_on_the_trail(world):
    criterion = world.edition.criteria.get()
    response = world.client_for("juror").post(
        reverse("evaluation:score", args=[world.edition.slug, 1, world.entry_b.pk]),
        {
            f"score_{criterion.pk}": "1",
            f"comment_{criterion.pk}": "Bra delning av kod",
            "overall_comment": "",
            "seen_version": 0,
            "action": "save",
        },
    )
    assert response.status_code == 302
    card = Scorecard.objects.get(member__user=world.users["juror"], entry=world.entry_b)
    scores = LogEntry.objects.get_for_object(card).filter(changes__has_key="scores").latest("pk")
    assert "Bra delning av kod" in scores.changes["scores"][1]
    assert scores.actor == world.users["juror"]
    declaration = ConflictDeclaration.objects.filter(entry=world.entry_a).first()
    assert (
        LogEntry.objects.get_for_object(declaration).filter(action=LogEntry.Action.CREATE).exists()
    )
    before = Edition.objects.get(pk=world.edition.pk).announce_at
    after = timezone.now() + timedelta(days=30)
    Edition.objects.filter(pk=world.edition.pk).update(announce_at=after)
    moved = (
        LogEntry.objects.get_for_object(world.edition)
        .filter(changes__has_key="announce_at")
        .latest("pk")
    )
    assert moved.changes["announce_at"] == [str(before), str(after)]


def test_answers_are_on_the_trail_after_submission_and_not_while_drafting(world):
    draft = world.draft_a
    draft_question = Question.objects.filter(section__edition=draft.edition).first()
    answers_save(entry=draft, values={draft_question: "Utkast"}, seen_versions={})
    question = world.questions[0]
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Answer)
    ).exists()
    answer = world.entry_a.answers.get(question=question)
    # The organisers reopen the submitted entry for a correction.
    entry_reopen(entry=world.entry_a, reason="Komplettera", actor=world.users["organiser"])
    answers_save(
        entry=world.entry_a,
        values={question: "Ändrat efter inlämning"},
        seen_versions={question.pk: answer.version},
    )
    logged = LogEntry.objects.get_for_object(answer).get()
    assert logged.changes["text"] == [
        "Växjö är stolt över sina e-tjänster.",
        "Ändrat efter inlämning",
    ]


def test_the_trail_is_append_only(world):
    entry = for_edition(world.edition.pk).first()
    entry.object_repr = "ändrat"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_organisers_filter_the_trail_and_take_it_away(world):
    extend_deadline(world, timezone.now() + timedelta(days=3))
    client = world.client_for("organiser")
    url = reverse("awards:audit", args=[world.edition.slug])
    page = client.get(url).content.decode()
    assert "Sjukdom" not in page  # the reason is in the entry's history, the trail has fields
    assert "deadline extended to" in page.lower() or "förlängd" in page.lower()
    entry_type = ContentType.objects.get_for_model(Entry)
    filtered = client.get(url, {"kind": entry_type.pk, "actor": world.users["organiser"].pk})
    body = filtered.content.decode()
    assert "Växjö" in body
    assert "jävsanmälan" not in body
    # Each row says the change in words, in Swedish time.
    organiser = world.users["organiser"]
    assert f"{organiser} ändrade förlängd sista dag för Växjö till" in body
    assert "+00:00" not in body
    export = client.get(url, {"kind": entry_type.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["När", "Ändrat av", "Från adress"]
    assert any(str(world.users["organiser"]) in row[1] and "192.0.2.10" in row[2] for row in rows)


def test_bad_filters_say_why_and_show_the_whole_trail(world):
    client = world.client_for("organiser")
    url = reverse("awards:audit", args=[world.edition.slug])
    for params, message in [
        ({"since": "2027-05-01", "until": "2027-04-01"}, "Första dagen kommer efter den sista"),
        ({"since": "igår"}, "giltig"),
        ({"kind": "999999"}, "Välj ett giltigt alternativ"),
        ({"action": "x"}, "Välj ett giltigt alternativ"),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body, params
        # The error summary, as on every form: at the top, linked to the field.
        assert body.index('class="error-summary') < body.index('class="audit-filters'), params
    assert client.get(url, {"export": "exe"}).status_code == 404


def test_another_editions_organiser_sees_none_of_it(world):
    other = factories.make_organiser(factories.make_edition(year=2029), "annan")
    client = Client()
    client.force_login(other)
    response = client.get(reverse("awards:audit", args=[world.edition.slug]))
    assert response.status_code == 403


@pytest.mark.parametrize("extra", [0, 8])
def test_the_trail_page_takes_constant_queries(world, extra, django_assert_max_num_queries):
    world_grow(world, extra_entries=extra, extra_jurors=extra // 2)
    client = world.client_for("organiser")
    url = reverse("awards:audit", args=[world.edition.slug])
    assert for_edition(world.edition.pk).count() > 10
    with django_assert_max_num_queries(14 + second_factor_queries("organiser")):
        assert client.get(url).status_code == 200
