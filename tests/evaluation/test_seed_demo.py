from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from awards.choices import EditionPhase, EntryStanding, EntryState
from awards.models import Award, Edition, Entry
from evaluation.management.commands.seed_demo import DEFAULT_PASSWORD, PHASES, seed_demo
from evaluation.models import ConflictDeclaration, JuryMember, SiteVisit
from tests.conftest import shared_database

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "admin",
    "chair",
    "juror1",
    "juror2",
    "juror3",
    "juror4",
    "expert1",
    "vaxjo",
    "sundsvall",
    "upplandsbro",
]


def current():
    return Edition.objects.get(year=2027)


@pytest.fixture(scope="class")
def seeded(request, django_db_setup, django_db_blocker):
    """The demo in the class's phase, seeded once for the class's tests (each test's changes
    are rolled back)."""
    with shared_database(django_db_blocker):
        seed_demo(**({"phase": request.cls.phase} if request.cls.phase else {}))
        yield request.cls.phase


def test_seed_demo_prints_the_logins_and_creates_every_demo_user(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert DEFAULT_PASSWORD in text
    User = get_user_model()
    for username in DEMO_USERS:
        assert username in text
        assert User.objects.get(username=username).check_password(DEFAULT_PASSWORD)


def test_seed_demo_refuses_production_without_explicit_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Award.objects.exists()


def test_seed_demo_is_idempotent():
    seed_demo()
    counts = (Edition.objects.count(), Entry.objects.count(), JuryMember.objects.count())
    seed_demo(password="another")
    assert (Edition.objects.count(), Entry.objects.count(), JuryMember.objects.count()) == counts
    assert get_user_model().objects.get(username="chair").check_password("another")


@pytest.mark.usefixtures("seeded")
class TestTheDefaultDemo:
    phase = None

    def test_archive_holds_the_public_record(self):
        check_archive()

    def test_current_edition_has_jury_contacts_and_a_conflict(self):
        check_current_edition()


def check_archive():
    winners = {
        e.edition.year: e.title
        for e in Entry.objects.filter(standing=EntryStanding.WINNER).select_related("edition")
    }
    assert winners == {
        2001: "Kalix",
        2003: "Nacka",
        2005: "Malmö",
        2007: "Umeå",
        2009: "Falkenberg",
        2011: "Upplands Väsby",
        2013: "Karlstad",
        2015: "Helsingborg",
        2017: "Stockholm",
        2019: "Lidingö",
        2021: "Sundsvall",
        2023: "Värmdö",
    }
    joint = Entry.objects.get(edition__year=2023, title__startswith="Mora")
    assert sorted(m.name for m in joint.municipalities.all()) == ["Mora", "Orsa", "Älvdalen"]
    assert Edition.objects.get(year=2011).name == "Sveriges IT-kommun"
    assert Edition.objects.get(year=2021).announce_at.date().isoformat() == "2022-05-02"
    # Nothing made up: no past motivation, citation or date that is not on record, and
    # where only the winner is known the finalists are said to be unknown.
    past = Edition.objects.filter(recorded_afterwards=True)
    assert past.count() == 12
    assert not past.exclude(motivation="", citation="", motivation_en="").exists()
    assert list(past.filter(announce_at__isnull=False).values_list("year", flat=True)) == [2021]
    assert not past.filter(submission_deadline__isnull=False).exists()
    assert not past.filter(finalists_announce_at__isnull=False).exists()
    unknown = sorted(past.filter(finalists_known=False).values_list("year", flat=True))
    assert unknown == [2001, 2003, 2005, 2007, 2009, 2015]
    assert all(edition.decision_is_public() for edition in past)


def check_current_edition():
    edition = current()
    roles = dict(edition.jury.values_list("user__username", "role"))
    assert roles == {
        "chair": "chair",
        "juror1": "juror",
        "juror2": "juror",
        "juror3": "juror",
        "juror4": "juror",
        "expert1": "expert",
    }
    assert edition.entries.count() >= 12
    conflict = ConflictDeclaration.objects.get(has_conflict=True, member__user__username="juror2")
    assert conflict.entry.title == "Växjö"


def check_consistent(phase, client):
    edition = current()
    assert edition.phase == PHASES[phase][0]
    entries = edition.entries.all()
    if phase == "registration":
        assert entries.filter(state=EntryState.DRAFT).exists()
        assert entries.filter(state=EntryState.SUBMITTED).exists()
        assert edition.submission_deadline > edition.registration_opens_at
    else:
        assert not entries.filter(state=EntryState.DRAFT).exists()
        assert entries.get(state=EntryState.INELIGIBLE).title == "Halmstad"
    finalists = entries.filter(standing__in=["finalist", "winner"]).count()
    if phase in ("site_visits", "deliberation", "announced"):
        assert finalists == 4
        assert edition.finalists_are_public()
    else:
        assert finalists == 0
    assert edition.decision_is_public() is (phase == "announced")
    winner_on_home = (
        "badge-winner"
        in client.get(reverse("awards:edition-detail", args=[edition.slug])).content.decode()
    )
    assert winner_on_home is (phase == "announced")
    if phase == "announced":
        assert edition.phase == EditionPhase.DECIDED
        assert entries.get(standing=EntryStanding.WINNER).title == "Växjö"
        assert 80 <= len(edition.motivation.split()) <= 150


def check_evaluation_phase_has_a_jury_mid_way():
    from evaluation.models import ConflictDeclaration, Score, Scorecard

    edition = Edition.objects.get(year=2027)
    cards = Scorecard.objects.filter(round__edition=edition)
    submitted = cards.filter(submitted_at__isnull=False)
    assert submitted.count() > 10
    assert cards.filter(submitted_at__isnull=True).exists()  # drafts
    conflict = ConflictDeclaration.objects.get(member__edition=edition, has_conflict=True)
    assert (conflict.member.user.username, conflict.entry.title) == ("juror2", "Växjö")
    assert conflict.ruling == "confirmed"
    assert not cards.filter(member__user__username="juror2", entry__title="Växjö").exists()
    # juror1 has not declared yet: the demo lets them do it (a conflict is suggested).
    assert not ConflictDeclaration.objects.filter(member__user__username="juror1").exists()
    # Sundsvall divides juror3 and juror4: the results page has a disagreement to show.
    values = set(
        Score.objects.filter(
            scorecard__in=cards.filter(
                entry__title="Sundsvall", member__user__username__in=["juror3", "juror4"]
            ),
            criterion__position=1,
        ).values_list("value", flat=True)
    )
    assert values == {1, 4}


def check_site_visits_phase_has_the_shortlist_on_record():
    from evaluation.models import StandingDecision

    edition = Edition.objects.get(year=2027)
    finalists = set(edition.entries.filter(standing="finalist").values_list("title", flat=True))
    assert finalists == {"Växjö", "Sundsvall", "Umeå", "Skellefteå"}
    assert (
        StandingDecision.objects.filter(entry__edition=edition, to_standing="finalist").count() == 4
    )
    assert not edition.rounds.get(number=1).is_open


def check_site_visits_phase_has_visits_notes_and_one_report():
    from evaluation.models import InterviewQuestion, PassageMark, SiteVisit, VisitNotes

    edition = Edition.objects.get(year=2027)
    visits = {v.entry.title: v for v in SiteVisit.objects.filter(entry__edition=edition)}
    assert set(visits) == {"Växjö", "Sundsvall", "Umeå", "Skellefteå"}
    assert visits["Sundsvall"].mode == "digital"
    # Växjö has been visited: interviewees, notes (the chair's still private) and a report.
    assert visits["Växjö"].interviewees.count() == 4
    assert visits["Växjö"].report_shared_at is not None
    notes = {n.member.user.username: n for n in VisitNotes.objects.filter(visit=visits["Växjö"])}
    assert notes["juror3"].shared_at is not None
    assert notes["chair"].shared_at is None
    # Sundsvall's visit is ahead: nothing confirmed, nothing written; juror1 (conflicted) is
    # not on it.
    sundsvall = visits["Sundsvall"]
    assert sundsvall.starts_at > timezone.now()
    assert sundsvall.interviewees_confirmed_at is None
    assert not VisitNotes.objects.filter(visit=sundsvall).exists()
    assert "juror1" not in {m.user.username for m in sundsvall.participants.all()}
    assert InterviewQuestion.objects.filter(edition=edition).count() == 8
    assert PassageMark.objects.filter(entry__edition=edition, kind="verify").count() == 2


def check_deliberation_phase_has_round_two_and_every_ranking():
    from evaluation.models import Ballot, JuryMeeting, Scorecard
    from evaluation.selectors import deliberation_for_viewer

    edition = Edition.objects.get(year=2027)
    assert (
        not Scorecard.objects.filter(round__edition=edition, round__number=2)
        .filter(submitted_at__isnull=True)
        .exists()
    )
    assert Scorecard.objects.filter(round__edition=edition, round__number=2).count() > 10
    assert Ballot.objects.filter(member__edition=edition).count() == 5
    assert JuryMeeting.objects.get(edition=edition).attendees.count() == 6
    organiser = get_user_model().objects.get(username="admin")
    view = deliberation_for_viewer(organiser, edition, organiser=True)
    assert [e.title for e in view.order[0]] == ["Växjö"]
    assert view.decision is None


def check_announced_phase_has_the_decision_and_an_approved_motivation():
    from evaluation.choices import MotivationStatus
    from evaluation.models import Decision, Motivation

    edition = Edition.objects.get(year=2027)
    assert Decision.objects.get(edition=edition).outcome == "winner"
    motivation = Motivation.objects.get(edition=edition)
    assert motivation.status == MotivationStatus.FINAL
    assert motivation.versions.count() == 2
    kinds = list(motivation.events.values_list("kind", flat=True))
    assert kinds[:3] == ["drafted", "commented", "drafted"]
    assert kinds[-1] == "finalised"
    # juror2 (conflicted with Växjö, the winner) and juror1 (with Sundsvall, a finalist) are
    # kept out of the decision whoever wins, so neither is among those who approved.
    approvers = set(
        motivation.versions.get(number=2)
        .reviews.filter(approved=True)
        .values_list("member__user__username", flat=True)
    )
    assert approvers == {"chair", "juror3", "juror4"}


class PhaseTests:
    """Each phase's demo is seeded once for its class; every phase gives consistent data."""

    phase = ""

    def test_gives_consistent_data(self, client):
        check_consistent(self.phase, client)


@pytest.mark.usefixtures("seeded")
class TestTheRegistrationDemo(PhaseTests):
    phase = "registration"


@pytest.mark.usefixtures("seeded")
class TestTheEvaluationDemo(PhaseTests):
    phase = "evaluation"

    def test_has_a_jury_mid_way(self):
        check_evaluation_phase_has_a_jury_mid_way()


@pytest.mark.usefixtures("seeded")
class TestTheSiteVisitsDemo(PhaseTests):
    phase = "site_visits"

    def test_has_the_shortlist_on_record(self):
        check_site_visits_phase_has_the_shortlist_on_record()

    def test_has_visits_notes_and_one_report(self):
        check_site_visits_phase_has_visits_notes_and_one_report()

    def test_the_expert_can_start_on_their_visits_at_once(self, client):
        """The README says expert1 takes visit notes: nothing blocks them, and each visit's
        programme runs from its start to its end."""
        expert = JuryMember.objects.get(user__username="expert1", edition=current())
        client.force_login(expert.user)
        body = client.get(reverse("evaluation:visits", args=[current().slug])).content.decode()
        assert "jävsdeklaration" not in body
        assert expert.site_visits.count() == 2
        for visit in SiteVisit.objects.filter(entry__edition=current()):
            start = timezone.localtime(visit.starts_at).strftime("%H.%M")
            end = timezone.localtime(visit.ends_at).strftime("%H.%M")
            assert visit.agenda.startswith(start), visit
            assert visit.agenda.splitlines()[-1].startswith(end), visit


@pytest.mark.usefixtures("seeded")
class TestTheDeliberationDemo(PhaseTests):
    phase = "deliberation"

    def test_has_round_two_and_every_ranking(self):
        check_deliberation_phase_has_round_two_and_every_ranking()


@pytest.mark.usefixtures("seeded")
class TestTheAnnouncedDemo(PhaseTests):
    phase = "announced"

    def test_has_the_decision_and_an_approved_motivation(self):
        check_announced_phase_has_the_decision_and_an_approved_motivation()


def test_every_demo_phase_is_tested():
    assert {cls.phase for cls in PhaseTests.__subclasses__()} == set(PHASES)
