"""Declaration before access, suggested conflicts and the chair's rulings."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.choices import EntryState
from awards.errors import ActionRefused
from awards.models import Entry, EntryMunicipality, Municipality
from evaluation.choices import ConflictRuling, JuryRole
from evaluation.models import ConflictDeclaration
from evaluation.services import conflict_declare, jury_member_add
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(world):
    """A juror who has just joined and declared nothing; their organisation is in Växjö."""
    user = factories.make_user("newcomer")
    jury_member_add(
        edition=world.edition, user=user, role=JuryRole.JUROR, affiliation="Växjö kommun"
    )
    return user


def declarations_url(world):
    return reverse("evaluation:declarations", args=[world.edition.slug])


def login(world, user):
    client = world.client_for("anonymous")
    client.force_login(user)
    return client


def test_nothing_is_readable_before_every_entry_is_declared(world, newcomer):
    client = login(world, newcomer)
    assert client.get(world.entry_b.get_absolute_url()).status_code == 404
    member = newcomer.jury_seats.get()
    conflict_declare(member=member, entry=world.entry_b, has_conflict=False)
    # One entry declared is not enough: every entry must be.
    assert client.get(world.entry_b.get_absolute_url()).status_code == 404
    home = client.get(reverse("evaluation:jury-home", args=[world.edition.slug]))
    assert "Lämna din jävsdeklaration först" in home.content.decode()
    conflict_declare(member=member, entry=world.entry_a, has_conflict=False)
    assert client.get(world.entry_b.get_absolute_url()).status_code == 200


def test_the_form_suggests_the_conflict_of_the_jurors_own_municipality(world, newcomer):
    body = login(world, newcomer).get(declarations_url(world)).content.decode()
    marker = "Din organisation nämner den här kommunen"
    assert body.count(marker) == 1  # Växjö only, not Sundsvall
    # The suggestion comes first; kind and note of the others show only when "Jäv" is chosen.
    assert body.index("Föreslagna jäv") < body.index("Inte deklarerade än (1)")
    assert body.index(marker) < body.index(f'id="row-{world.entry_b.pk}"')
    assert body.count("data-reveal-for=") == 1
    # A municipality named like its entry is named once.
    assert "Sundsvall <span" not in body


def test_no_conflict_for_all_others_declares_each_but_not_the_suggestion(world, newcomer):
    client = login(world, newcomer)
    body = client.get(declarations_url(world)).content.decode()
    assert "Spara, och inget jäv för det sista bidraget" in body
    # Without an answer on the suggested conflict nothing is saved.
    response = client.post(declarations_url(world), {"rest_none": "1"})
    assert response.status_code == 200
    assert "Ange jäv eller inget jäv." in response.content.decode()
    assert not ConflictDeclaration.objects.filter(member__user=newcomer).exists()
    answered = {
        f"choice_{world.entry_a.pk}": "yes",
        f"kind_{world.entry_a.pk}": "employment",
        "rest_none": "1",
    }
    assert client.post(declarations_url(world), answered).status_code == 302
    declarations = {
        d.entry_id: d.has_conflict
        for d in ConflictDeclaration.objects.filter(member__user=newcomer)
    }
    assert declarations == {world.entry_a.pk: True, world.entry_b.pk: False}


def valid_post(world, **overrides):
    data = {
        f"choice_{world.entry_a.pk}": "yes",
        f"kind_{world.entry_a.pk}": "employment",
        f"note_{world.entry_a.pk}": "Anställd på kommunledningskontoret.",
        f"choice_{world.entry_b.pk}": "no",
        f"kind_{world.entry_b.pk}": "",
        f"note_{world.entry_b.pk}": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"choice_A": ""}, "Ange jäv eller inget jäv."),
        ({"kind_A": ""}, "Ange vilken sorts jäv det gäller."),
        ({"kind_A": "bribery"}, "Välj ett giltigt alternativ."),
        ({"choice_A": "no", "note_A": ""}, "Din organisation tyder på jäv"),
        ({"note_A": "x" * 1001}, "som mest 1000 tecken"),
    ],
    ids=["empty", "no-kind", "wrong-kind", "suggested-dismissed-without-reason", "too-long"],
)
def test_bad_declarations_are_refused_with_a_message_and_nothing_saved(
    world, newcomer, overrides, message
):
    overrides = {k.replace("_A", f"_{world.entry_a.pk}"): v for k, v in overrides.items()}
    response = login(world, newcomer).post(declarations_url(world), valid_post(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConflictDeclaration.objects.filter(member__user=newcomer).exists()


def test_valid_declarations_are_saved_and_open_the_other_entries(world, newcomer):
    client = login(world, newcomer)
    response = client.post(declarations_url(world), valid_post(world))
    assert response.status_code == 302
    declarations = {
        d.entry_id: d for d in ConflictDeclaration.objects.filter(member__user=newcomer)
    }
    assert declarations[world.entry_a.pk].has_conflict
    assert declarations[world.entry_a.pk].ruling == ConflictRuling.PENDING
    assert not declarations[world.entry_b.pk].has_conflict
    assert client.get(world.entry_b.get_absolute_url()).status_code == 200
    assert client.get(world.entry_a.get_absolute_url()).status_code == 404


def test_a_suggested_conflict_may_be_dismissed_with_a_reason(world, newcomer):
    client = login(world, newcomer)
    data = valid_post(
        world,
        **{
            f"choice_{world.entry_a.pk}": "no",
            f"note_{world.entry_a.pk}": "Slutade 2015, inga band sedan dess.",
        },
    )
    assert client.post(declarations_url(world), data).status_code == 302
    declaration = ConflictDeclaration.objects.get(member__user=newcomer, entry=world.entry_a)
    assert declaration.has_conflict is False
    assert declaration.note == "Slutade 2015, inga band sedan dess."
    assert client.get(world.entry_a.get_absolute_url()).status_code == 200


def test_a_declared_conflict_cannot_be_withdrawn_by_the_member(world):
    member = world.users["conflicted_juror"].jury_seats.get()
    with pytest.raises(ActionRefused, match="ordförandens beslut"):
        conflict_declare(member=member, entry=world.entry_a, has_conflict=False)
    # Nor through the form: the declared conflict is not among its fields.
    client = world.client_for("conflicted_juror")
    client.post(declarations_url(world), {f"choice_{world.entry_a.pk}": "no"})
    assert ConflictDeclaration.objects.get(member=member, entry=world.entry_a).has_conflict


def rule_url(world, declaration):
    return reverse("evaluation:conflict-rule", args=[world.edition.slug, declaration.pk])


def conflicted_declaration(world):
    return ConflictDeclaration.objects.get(
        member__user=world.users["conflicted_juror"], entry=world.entry_a
    )


def test_the_chair_dismisses_a_conflict_with_a_reason_and_the_juror_reads_the_entry(world):
    declaration = conflicted_declaration(world)
    prefix = f"d{declaration.pk}"
    response = world.client_for("chair").post(
        rule_url(world, declaration),
        {f"{prefix}-ruling": "dismissed", f"{prefix}-note": "Uppdraget avslutades 2019."},
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.ruling == ConflictRuling.DISMISSED
    assert declaration.ruled_by == world.users["chair"]
    reader = world.client_for("conflicted_juror")
    assert reader.get(world.entry_a.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ruling": "dismissed", "note": ""}, "Skriv skälet"),
        ({"ruling": "allowed", "note": "   "}, "Skriv skälet"),
        ({"ruling": "pardoned", "note": "x"}, "Välj ett giltigt alternativ"),
        ({"ruling": "", "note": ""}, "Detta fält måste fyllas i"),
        ({"ruling": "allowed", "note": "x" * 2001}, "som mest 2000 tecken"),
    ],
)
def test_a_bad_ruling_changes_nothing_and_says_why(world, data, message):
    declaration = conflicted_declaration(world)
    prefix = f"d{declaration.pk}"
    client = world.client_for("chair")
    response = client.post(
        rule_url(world, declaration), {f"{prefix}-{k}": v for k, v in data.items()}, follow=True
    )
    assert message in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.ruling == ConflictRuling.PENDING
    assert client.get(world.entry_a.get_absolute_url()).status_code == 200  # the chair reads


def test_the_chairs_own_conflict_is_ruled_by_an_organiser(world):
    chair_seat = world.users["chair"].jury_seats.get()
    declaration = conflict_declare(
        member=chair_seat, entry=world.entry_b, has_conflict=True, kind="board", note="Styrelse"
    )
    prefix = f"d{declaration.pk}"
    data = {f"{prefix}-ruling": "allowed", f"{prefix}-note": "Lämnar rummet vid diskussionen."}
    world.client_for("chair").post(rule_url(world, declaration), data)
    declaration.refresh_from_db()
    assert declaration.ruling == ConflictRuling.PENDING
    world.client_for("organiser").post(rule_url(world, declaration), data)
    declaration.refresh_from_db()
    assert declaration.ruling == ConflictRuling.ALLOWED
    assert declaration.ruling_note == "Lämnar rummet vid diskussionen."


def test_conflicts_page_shows_the_ruling_form_only_where_the_viewer_may_rule(world):
    chair_seat = world.users["chair"].jury_seats.get()
    own = conflict_declare(member=chair_seat, entry=world.entry_b, has_conflict=True, kind="board")
    body = (
        world.client_for("chair")
        .get(reverse("evaluation:conflicts", args=[world.edition.slug]))
        .content.decode()
    )
    assert rule_url(world, conflicted_declaration(world)) in body
    assert rule_url(world, own) not in body
    assert "En arrangör beslutar om det här." in body


def test_the_conflicts_page_offers_the_forms_the_predicate_allows(world):
    chair_seat = world.users["chair"].jury_seats.get()
    conflict_declare(member=chair_seat, entry=world.entry_b, has_conflict=True, kind="board")
    url = reverse("evaluation:conflicts", args=[world.edition.slug])
    for role in ("chair", "organiser"):
        body = world.client_for(role).get(url).content.decode()
        user = world.users[role]
        for declaration in ConflictDeclaration.objects.filter(has_conflict=True):
            offered = rule_url(world, declaration) in body
            assert offered == user.has_perm("evaluation.rule_conflict", declaration)


def submitted_entries(edition, count):
    """`count` more submitted entries, one per municipality not yet in the edition, written
    in bulk: the page's queries, not the set-up, are under test."""
    taken = EntryMunicipality.objects.filter(edition=edition).values("municipality")
    places = list(Municipality.objects.exclude(pk__in=taken).order_by("code")[:count])
    now = timezone.now()
    entries = Entry.objects.bulk_create(
        Entry(edition=edition, title=m.name, state=EntryState.SUBMITTED, submitted_at=now)
        for m in places
    )
    EntryMunicipality.objects.bulk_create(
        EntryMunicipality(entry=e, municipality=m, edition=edition)
        for e, m in zip(entries, places, strict=True)
    )


def test_the_declaration_page_runs_the_same_queries_for_15_and_290_entries(
    world, newcomer, django_assert_max_num_queries
):
    client, counts = login(world, newcomer), []
    for total in (15, 290):
        present = Entry.objects.filter(edition=world.edition).count()
        submitted_entries(world.edition, total - present)
        with django_assert_max_num_queries(14) as queries:
            body = client.get(declarations_url(world)).content.decode()
        assert f"Inte deklarerade än ({total - 1})" in body  # all but the suggested Växjö
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
