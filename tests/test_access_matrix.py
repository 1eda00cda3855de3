"""The role-by-URL access matrix: every named URL of the project, every role, what it gets.

A new URL without a row here fails `test_every_named_url_has_a_row`, so no view ships without
its access being decided and tested.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.conftest import ROLES, World
from tests.language import english_in
from tests.scenes import LOGISTICS, MOTIVATION, PRIVATE_NOTE, QUESTION

pytestmark = pytest.mark.django_db


Text = str | Callable[[World], str]  # what a page says, or how to read it off the world


@dataclass(frozen=True)
class Expect:
    status: int
    contains: tuple[Text, ...] = ()
    absent: tuple[Text, ...] = ()
    location: Callable[[World], str] | None = None


@dataclass(frozen=True)
class Row:
    url: Callable[[World], str]
    expect: dict[str, Expect]
    method: str = "get"
    covers: tuple[str, ...] = field(default_factory=tuple)
    scene: str | None = None  # the moment of tests/scenes.py the URL needs

    def url_in(self, world: World) -> str:
        """The row's URL in the test's own world, moved on to the row's scene first."""
        if self.scene:
            world.stage(self.scene)
        return self.url(world)


LOGIN = Expect(302, location=lambda w: reverse("accounts:login"))


def everyone(expect: Expect) -> dict[str, Expect]:
    return dict.fromkeys(ROLES, expect)


def signed_in(expect: Expect) -> dict[str, Expect]:
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], expect)}


def edition_name(w):
    return w.edition.name


ANSWER_A = "Växjö är stolt över sina e-tjänster."  # what entry A says, in the world


def entry_a_url(w):
    return w.entry_a.get_absolute_url()


def entry_b_url(w):
    return w.entry_b.get_absolute_url()


def choice_a(w):
    return f'name="choice_{w.entry_a.pk}"'


def choice_b(w):
    return f'name="choice_{w.entry_b.pk}"'


def score_url_a(w):
    return reverse("evaluation:score", args=[w.edition.slug, 1, w.entry_a.pk])


def score_url_b(w):
    return reverse("evaluation:score", args=[w.edition.slug, 1, w.entry_b.pk])


def standing_url_a(w):
    return reverse("evaluation:standing-decide", args=[w.edition.slug, w.entry_a.pk])


def conflict_rule_url(w):
    declaration = w.users["conflicted_juror"].jury_seats.get().declarations.get(entry=w.entry_a)
    return reverse("evaluation:conflict-rule", args=[w.edition.slug, declaration.pk])


def partner_invitation_url(name):
    return lambda w: reverse(f"awards:{name}", args=[w.partner_invitation.pk])


def visit_url(name, **extra):
    def url(w):
        if name in ("visit-entrant", "visit-ics"):
            return reverse(f"evaluation:{name}", kwargs={"pk": w.visit.pk})
        if name in ("visit-edit", "visit-cancel"):
            return reverse(f"evaluation:{name}", args=[w.edition.slug, w.visit.pk])
        return reverse(
            f"evaluation:{name}", kwargs={"slug": w.edition.slug, "pk": w.visit.pk, **extra}
        )

    return url


def outbox_message_url(w):
    return reverse("awards:outbox-message", args=[w.edition.slug, w.outbox_message.pk])


def motivation_action(action):
    return lambda w: reverse(f"evaluation:motivation-{action}", args=[w.edition.slug])


def jury_url(name):
    return lambda w: reverse(f"evaluation:{name}", args=[w.edition.slug])


def entry_a_title(w):
    return w.entry_a.title


FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)

ROWS: dict[str, Row] = {
    "healthz": Row(lambda w: reverse("healthz"), everyone(Expect(200, ("ok",)))),
    "start": Row(
        lambda w: reverse("start"),
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(302, location=lambda w: reverse("awards:entry-list")),
            "municipality_b": Expect(302, location=lambda w: reverse("awards:entry-list")),
            **{
                role: Expect(
                    302,
                    location=lambda w: reverse(
                        "evaluation:jury-home", kwargs={"slug": w.edition.slug}
                    ),
                )
                for role in ("juror", "conflicted_juror", "chair", "expert")
            },
            "organiser": Expect(
                302,
                location=lambda w: reverse(
                    "awards:edition-manage", kwargs={"slug": w.edition.slug}
                ),
            ),
        },
    ),
    "awards:home": Row(lambda w: reverse("awards:home"), everyone(Expect(200, (edition_name,)))),
    "awards:edition-detail": Row(
        lambda w: w.edition.get_absolute_url(),
        everyone(Expect(200, (edition_name,), absent=(ANSWER_A,))),
    ),
    "awards:entry-list": Row(
        lambda w: reverse("awards:entry-list"),
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(200, (entry_a_url,), absent=(entry_b_url,)),
            "municipality_b": Expect(200, (entry_b_url,), absent=(entry_a_url,)),
            "juror": FORBIDDEN,
            "conflicted_juror": FORBIDDEN,
            "chair": FORBIDDEN,
            "expert": FORBIDDEN,
            "organiser": FORBIDDEN,
        },
    ),
    # Known only to the invited municipality's contacts, not even to the inviting entry's.
    "awards:partner-invitation": Row(
        partner_invitation_url("partner-invitation"),
        {
            **signed_in(NOT_FOUND),
            "municipality_b": Expect(200, (lambda w: w.draft_a.title, "Tacka nej")),
        },
        scene="partner_invitation",
    ),
    "awards:partner-invitation-accept": Row(
        partner_invitation_url("partner-invitation-accept"),
        {
            **signed_in(NOT_FOUND),
            "municipality_b": Expect(302, location=lambda w: w.draft_a.get_absolute_url()),
        },
        method="post",
        scene="partner_invitation",
    ),
    "awards:partner-invitation-decline": Row(
        partner_invitation_url("partner-invitation-decline"),
        {**signed_in(NOT_FOUND), "municipality_b": NOT_ALLOWED},
        scene="partner_invitation",
    ),
    "awards:entry-detail": Row(
        entry_a_url,
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(200, (ANSWER_A,)),
            "municipality_b": NOT_FOUND,
            "juror": Expect(200, (ANSWER_A,)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, (ANSWER_A,)),
            "expert": NOT_FOUND,
            "organiser": Expect(200, (ANSWER_A,)),
        },
    ),
    "awards:entry-dossier": Row(
        lambda w: reverse("awards:entry-dossier", args=[w.entry_a.pk]),
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(200, ("%PDF",)),
            "municipality_b": NOT_FOUND,
            "juror": Expect(200, ("%PDF",)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, ("%PDF",)),
            "expert": NOT_FOUND,
            "organiser": Expect(200, ("%PDF",)),
        },
    ),
    "evaluation:reading-pack": Row(
        jury_url("reading-pack"),
        {
            **signed_in(Expect(200, ('name="csrfmiddlewaretoken"',))),
            "municipality_a": FORBIDDEN,
            "municipality_b": FORBIDDEN,
            "organiser": NOT_FOUND,
        },
    ),
    "evaluation:reading-pack-download": Row(
        lambda w: reverse("evaluation:reading-pack-download", args=[w.edition.slug, 1]),
        {
            **signed_in(NOT_FOUND),
            "municipality_a": FORBIDDEN,
            "municipality_b": FORBIDDEN,
        },
    ),
    "awards:audit": Row(
        lambda w: reverse("awards:audit", args=[w.edition.slug]),
        {
            **signed_in(FORBIDDEN),
            # The trail holds the conflict the juror declared on Växjö, with who declared it.
            "organiser": Expect(200, ("audit-trail", "Växjö")),
        },
    ),
    "awards:personal-data": Row(
        lambda w: (
            reverse("awards:personal-data", args=[w.edition.slug])
            + f"?email={w.users['municipality_a'].email}"
        ),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('value="anonymise"',))},
    ),
    "awards:lockouts": Row(
        lambda w: reverse("awards:lockouts"),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("Spärrade inloggningar",))},
    ),
    "awards:exports": Row(
        lambda w: reverse("awards:exports", args=[w.edition.slug]),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(
                200, (lambda w: reverse("awards:export", args=[w.edition.slug, "answers", "csv"]),)
            ),
        },
    ),
    "awards:export": Row(
        lambda w: reverse("awards:export", args=[w.edition.slug, "answers", "csv"]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, (ANSWER_A,))},
    ),
    "evaluation:jury-export": Row(
        lambda w: reverse("evaluation:jury-export", args=[w.edition.slug, "answers", "csv"]),
        {
            **signed_in(Expect(200, ("Sundsvall delar kod",), absent=(ANSWER_A,))),
            "municipality_a": FORBIDDEN,
            "municipality_b": FORBIDDEN,
            "juror": Expect(200, (ANSWER_A, "Sundsvall delar kod")),
            "chair": Expect(200, (ANSWER_A,)),
            "expert": Expect(200, absent=(ANSWER_A, "Sundsvall delar kod")),
            "organiser": Expect(200, (ANSWER_A, "Sundsvall delar kod")),
        },
    ),
    "awards:entry-section": Row(
        lambda w: reverse("awards:entry-section", kwargs={"pk": w.draft_a.pk, "position": 1}),
        {
            **signed_in(NOT_FOUND),
            "municipality_a": Expect(200, ("Fråga 1", 'name="v')),
        },
    ),
    "awards:entry-submit": Row(
        lambda w: reverse("awards:entry-submit", kwargs={"pk": w.draft_a.pk}),
        {
            **signed_in(NOT_FOUND),
            "municipality_a": Expect(200, ("Fråga 1",)),
        },
    ),
    "awards:entry-submitted": Row(
        lambda w: reverse("awards:entry-submitted", args=[w.entry_a.pk]),
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(200, (entry_a_title, "Vad händer nu")),
            "municipality_b": NOT_FOUND,
            "juror": FORBIDDEN,
            "conflicted_juror": NOT_FOUND,
            "chair": FORBIDDEN,
            "expert": NOT_FOUND,
            "organiser": FORBIDDEN,
        },
    ),
    "awards:entry-register": Row(
        lambda w: reverse("awards:entry-register", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "municipality_a": Expect(200, (edition_name, lambda w: reverse("awards:entry-list"))),
            "municipality_b": Expect(200, (edition_name,)),
        },
    ),
    "awards:invitation-accept": Row(
        lambda w: reverse("awards:invitation-accept", args=[w.invitation.token]),
        everyone(Expect(200, ("Umeå", 'name="new_password1"'))),
    ),
    "awards:edition-entries-csv": Row(
        lambda w: reverse("awards:edition-entries-csv", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, ("Växjö", lambda w: w.users["municipality_a"].email)),
        },
    ),
    "awards:entry-admin": Row(
        lambda w: reverse(
            "awards:entry-admin", kwargs={"slug": w.edition.slug, "pk": w.entry_a.pk}
        ),
        {
            "anonymous": LOGIN,
            "municipality_a": FORBIDDEN,
            "municipality_b": NOT_FOUND,
            "juror": FORBIDDEN,
            "conflicted_juror": NOT_FOUND,
            "chair": FORBIDDEN,
            "expert": NOT_FOUND,
            "organiser": Expect(200, ('name="reopen-reason"',)),
        },
    ),
    # The entry page's three forms, posted in tests/awards/test_progress.py.
    **{
        f"awards:entry-{name}": Row(
            lambda w, name=name: reverse(
                f"awards:entry-{name}", args=[w.edition.slug, w.entry_a.pk]
            ),
            {
                **signed_in(NOT_FOUND),
                # Those who may read the entry are refused what the page does, as on the page.
                **dict.fromkeys(("municipality_a", "juror", "chair"), FORBIDDEN),
                "organiser": NOT_ALLOWED,
            },
        )
        for name in ("extend", "reopen", "rule")
    },
    "awards:edition-copy": Row(
        lambda w: reverse("awards:edition-copy", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, (lambda w: f"{w.edition.award.slug}-{w.edition.year + 2}",)),
        },
    ),
    "awards:edition-record": Row(
        lambda w: reverse("awards:edition-record", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            # Before the announcement the record has no forms, only why.
            "organiser": Expect(200, ("när vinnaren har offentliggjorts",)),
        },
    ),
    "awards:record-entry-add": Row(
        lambda w: reverse("awards:record-entry-add", kwargs={"slug": w.edition.slug}),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:record-entry": Row(
        lambda w: reverse(
            "awards:record-entry", kwargs={"slug": w.edition.slug, "pk": w.entry_a.pk}
        ),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:record-entry-remove": Row(
        lambda w: reverse(
            "awards:record-entry-remove", kwargs={"slug": w.edition.slug, "pk": w.entry_a.pk}
        ),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:record-jury": Row(
        lambda w: reverse("awards:record-jury", kwargs={"slug": w.edition.slug}),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:record-jury-post": Row(
        lambda w: reverse("awards:record-jury", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(
                302, location=lambda w: reverse("awards:edition-record", args=[w.edition.slug])
            ),
        },
        method="post",
    ),
    "awards:past-edition-add": Row(
        lambda w: reverse("awards:past-edition-add", kwargs={"slug": w.edition.slug}),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="year"',))},
    ),
    "awards:section-edit": Row(
        lambda w: reverse(
            "awards:section-edit",
            kwargs={"slug": w.edition.slug, "section": w.questions[0].section_id},
        ),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="stage"',))},
    ),
    "awards:answers-import": Row(
        lambda w: reverse("awards:answers-import", kwargs={"slug": w.edition.slug}),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="file"',))},
    ),
    "awards:entry-answers-enter": Row(
        lambda w: reverse("awards:entry-answers-enter", kwargs={"pk": w.entry_a.pk}),
        {
            **signed_in(NOT_FOUND),
            # Its contacts and the jury may know the entry exists, not write for it here.
            "municipality_a": FORBIDDEN,
            "juror": FORBIDDEN,
            "chair": FORBIDDEN,
            "organiser": Expect(200, ("Växjö är stolt över sina e-tjänster.",)),
        },
    ),
    "awards:edition-settings": Row(
        lambda w: reverse("awards:edition-settings", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, ('name="submission_deadline"',)),
        },
    ),
    "awards:edition-phase": Row(
        lambda w: reverse("awards:edition-phase", kwargs={"slug": w.edition.slug}),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:edition-contacts": Row(
        lambda w: reverse("awards:edition-contacts", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, (lambda w: w.users["municipality_a"].email,)),
        },
    ),
    "awards:contact-remove": Row(
        lambda w: reverse(
            "awards:contact-remove",
            kwargs={
                "slug": w.edition.slug,
                "pk": w.users["municipality_a"].municipality_contacts.get().pk,
            },
        ),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, (lambda w: str(w.users["municipality_a"]),)),
        },
    ),
    "awards:attachment-download": Row(
        lambda w: w.entry_a.attachments.get().get_absolute_url(),
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(200, ("%PDF-1.7 Vaxjo",)),
            "municipality_b": NOT_FOUND,
            "juror": Expect(200, ("%PDF-1.7 Vaxjo",)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, ("%PDF-1.7 Vaxjo",)),
            "expert": NOT_FOUND,
            "organiser": Expect(200, ("%PDF-1.7 Vaxjo",)),
        },
    ),
    "awards:attachment-delete": Row(
        lambda w: reverse("awards:attachment-delete", args=[w.entry_a.attachments.get().pk]),
        {
            "anonymous": LOGIN,
            "municipality_a": NOT_ALLOWED,
            "municipality_b": NOT_FOUND,
            "juror": FORBIDDEN,
            "conflicted_juror": NOT_FOUND,
            "chair": FORBIDDEN,
            "expert": NOT_FOUND,
            "organiser": FORBIDDEN,
        },
    ),
    "awards:attachment-upload": Row(
        lambda w: reverse("awards:attachment-upload", args=[w.draft_a.pk]),
        {**signed_in(NOT_FOUND), "municipality_a": NOT_ALLOWED},
    ),
    "awards:nominate": Row(
        lambda w: reverse("awards:nominate", kwargs={"slug": w.edition.slug}),
        everyone(Expect(200, ('name="reason"', edition_name))),
    ),
    "awards:edition-nominations": Row(
        lambda w: reverse("awards:edition-nominations", kwargs={"slug": w.edition.slug}),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("Luleå gör det enkelt",))},
        scene="nomination",
    ),
    # Posted in tests/awards/test_nominations.py.
    **{
        f"awards:nomination-{action}": Row(
            lambda w, action=action: reverse(
                f"awards:nomination-{action}", args=[w.edition.slug, w.nomination.pk]
            ),
            {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
            scene="nomination",
        )
        for action in ("verify", "reject")
    },
    "awards:entry-withdraw": Row(
        lambda w: reverse("awards:entry-withdraw", args=[w.draft_a.pk]),
        {
            **signed_in(NOT_FOUND),
            "municipality_a": Expect(200, ('name="reason"',)),
        },
    ),
    "awards:criteria": Row(
        lambda w: reverse("awards:criteria", args=[w.edition.slug]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("Service",))},
    ),
    "awards:criterion-edit": Row(
        lambda w: reverse(
            "awards:criterion-edit", args=[w.edition.slug, w.edition.criteria.get().pk]
        ),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="weight"',))},
    ),
    "awards:questionnaire": Row(
        lambda w: reverse("awards:questionnaire", args=[w.edition.slug]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("Fråga 1",))},
    ),
    "awards:question-create": Row(
        lambda w: reverse(
            "awards:question-create", args=[w.edition.slug, w.questions[0].section_id]
        ),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="kind"',))},
    ),
    "awards:question-edit": Row(
        lambda w: reverse("awards:question-edit", args=[w.edition.slug, w.questions[0].pk]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("Fråga 1",))},
    ),
    # The questionnaire's and the criteria's buttons are posted
    # (tests/awards/test_questionnaire_builder.py, test_criteria.py).
    **{
        f"awards:question-{action}": Row(
            lambda w, action=action: reverse(
                f"awards:question-{action}", args=[w.edition.slug, w.questions[0].pk]
            ),
            {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
        )
        for action in ("up", "down", "delete")
    },
    "awards:section-delete": Row(
        lambda w: reverse(
            "awards:section-delete", args=[w.edition.slug, w.questions[0].section_id]
        ),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:criterion-delete": Row(
        lambda w: reverse(
            "awards:criterion-delete", args=[w.edition.slug, w.edition.criteria.get().pk]
        ),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:edition-manage": Row(
        lambda w: reverse("awards:edition-manage", kwargs={"slug": w.edition.slug}),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, (entry_a_url, entry_b_url)),
        },
    ),
    "evaluation:jury-home": Row(
        lambda w: reverse("evaluation:jury-home", kwargs={"slug": w.edition.slug}),
        {
            "anonymous": LOGIN,
            "municipality_a": FORBIDDEN,
            "municipality_b": FORBIDDEN,
            "juror": Expect(200, (entry_a_url, entry_b_url)),
            "conflicted_juror": Expect(200, (entry_b_url,), absent=(entry_a_url,)),
            "chair": Expect(200, (entry_a_url, lambda w: str(w.users["conflicted_juror"]))),
            "expert": Expect(200, (edition_name,), absent=(entry_a_url, entry_b_url)),
            "organiser": Expect(200, (lambda w: str(w.users["conflicted_juror"]),)),
        },
    ),
    "evaluation:declarations": Row(
        lambda w: reverse("evaluation:declarations", args=[w.edition.slug]),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (choice_a, choice_b)),
            "conflicted_juror": Expect(200, (choice_b,), absent=(choice_a,)),
            "chair": Expect(200, (choice_a, choice_b)),
            "expert": Expect(200, ("finns inget kvar att deklarera",)),
        },
    ),
    "evaluation:conflicts": Row(
        lambda w: reverse("evaluation:conflicts", args=[w.edition.slug]),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (lambda w: str(w.users["conflicted_juror"]), conflict_rule_url)),
            "organiser": Expect(200, (lambda w: str(w.users["conflicted_juror"]),)),
        },
    ),
    "evaluation:conflict-rule": Row(
        conflict_rule_url,
        {**signed_in(FORBIDDEN), "chair": NOT_ALLOWED, "organiser": NOT_ALLOWED},
    ),
    "evaluation:jury-members": Row(
        lambda w: reverse("evaluation:jury-members", args=[w.edition.slug]),
        {
            **signed_in(FORBIDDEN),
            "organiser": Expect(200, (lambda w: w.users["conflicted_juror"].email,)),
        },
    ),
    "evaluation:jury-member": Row(
        lambda w: reverse(
            "evaluation:jury-member",
            args=[w.edition.slug, w.users["juror"].jury_seats.get().pk],
        ),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "evaluation:jury-member-remove": Row(
        lambda w: reverse(
            "evaluation:jury-member-remove",
            args=[w.edition.slug, w.users["juror"].jury_seats.get().pk],
        ),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "evaluation:round": Row(
        lambda w: reverse("evaluation:round", args=[w.edition.slug, 1]),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (score_url_a, score_url_b)),
            "conflicted_juror": Expect(200, (score_url_b,), absent=(score_url_a,)),
            "chair": Expect(200, (score_url_a, score_url_b)),
        },
    ),
    "evaluation:score": Row(
        score_url_a,
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (ANSWER_A, "Service")),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, (ANSWER_A,)),
        },
    ),
    "evaluation:results": Row(
        lambda w: reverse("evaluation:results", args=[w.edition.slug, 1]),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (lambda w: w.entry_b.title, "Service")),
            "organiser": Expect(200, (lambda w: w.entry_a.title, lambda w: w.entry_b.title)),
        },
    ),
    "evaluation:results-export": Row(
        lambda w: reverse("evaluation:results-export", args=[w.edition.slug, 1, "csv"]),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (lambda w: w.entry_b.title,)),
            "organiser": Expect(200, (lambda w: w.entry_a.title,)),
        },
    ),
    "evaluation:round-settings": Row(
        lambda w: reverse("evaluation:round-settings", args=[w.edition.slug, 1]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="reveal"',))},
    ),
    # The assignment grid's buttons are posted (tests/evaluation/test_assignment_and_jury.py).
    "evaluation:assignments-auto": Row(
        lambda w: reverse("evaluation:assignments-auto", args=[w.edition.slug, 1]),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    **{
        f"evaluation:assignment-{action}": Row(
            lambda w, action=action: reverse(
                f"evaluation:assignment-{action}",
                args=[w.edition.slug, 1, w.users["juror"].jury_seats.get().pk, w.entry_a.pk],
            ),
            {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
        )
        for action in ("add", "remove")
    },
    "evaluation:mark-add": Row(
        lambda w: reverse("evaluation:mark-add", args=[w.edition.slug, w.entry_a.pk]),
        {
            **signed_in(NOT_ALLOWED),
            "anonymous": LOGIN,
            "municipality_a": FORBIDDEN,
            "municipality_b": FORBIDDEN,
        },
    ),
    "evaluation:mark-delete": Row(
        lambda w: reverse("evaluation:mark-delete", args=[w.edition.slug, 1]),
        {
            **signed_in(NOT_ALLOWED),
            "anonymous": LOGIN,
            "municipality_a": FORBIDDEN,
            "municipality_b": FORBIDDEN,
        },
    ),
    "evaluation:shortlist": Row(
        lambda w: reverse("evaluation:shortlist", args=[w.edition.slug]),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (lambda w: w.entry_a.title, standing_url_a)),
            "organiser": Expect(
                200,
                (lambda w: reverse("awards:finalists-publish", args=[w.edition.slug]),),
                absent=(standing_url_a,),
            ),
        },
    ),
    "evaluation:standing-decide": Row(
        standing_url_a, {**signed_in(FORBIDDEN), "chair": NOT_ALLOWED}
    ),
    "awards:finalists-publish": Row(
        lambda w: reverse("awards:finalists-publish", args=[w.edition.slug]),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
    ),
    "awards:outbox": Row(
        lambda w: reverse("awards:outbox", args=[w.edition.slug]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, (outbox_message_url,))},
        scene="outbox_message",
    ),
    "awards:outbox-message": Row(
        outbox_message_url,
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("Till Växjö",))},
        scene="outbox_message",
    ),
    # The outbox's actions are posted (tests/evaluation/test_shortlist_and_outbox.py).
    **{
        f"awards:outbox-{action}": Row(
            lambda w, action=action: reverse(f"awards:outbox-{action}", args=[w.edition.slug]),
            {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
        )
        for action in ("prepare", "send")
    },
    "awards:outbox-discard": Row(
        lambda w: reverse("awards:outbox-discard", args=[w.edition.slug, w.outbox_message.pk]),
        {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
        scene="outbox_message",
    ),
    # Site visits
    "evaluation:visits": Row(
        jury_url("visits"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (visit_url("visit"),)),
            "conflicted_juror": Expect(200, absent=(visit_url("visit"), entry_a_title)),
            "chair": Expect(200, (visit_url("visit"),)),
            "expert": Expect(200, (visit_url("visit"),)),
            "organiser": Expect(200, (visit_url("visit"),)),
        },
        scene="visit",
    ),
    "evaluation:visit-plan": Row(
        lambda w: reverse("evaluation:visit-plan", args=[w.edition.slug, w.entry_a.pk]),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, ('name="participants"',)),
            "organiser": Expect(200, ('name="participants"',)),
        },
        scene="finalist",
    ),
    "evaluation:visit-edit": Row(
        visit_url("visit-edit"),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (LOGISTICS,)),
            "organiser": Expect(200, (LOGISTICS,)),
        },
        scene="visit",
    ),
    # Posted in tests/evaluation/test_visits.py; a visit with notes is refused.
    "evaluation:visit-cancel": Row(
        visit_url("visit-cancel"),
        {**signed_in(FORBIDDEN), "chair": NOT_ALLOWED, "organiser": NOT_ALLOWED},
        scene="visit",
    ),
    "evaluation:visit": Row(
        visit_url("visit"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (LOGISTICS,), absent=(PRIVATE_NOTE,)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, (LOGISTICS,), absent=(PRIVATE_NOTE,)),
            "expert": Expect(200, (LOGISTICS,)),
            "organiser": Expect(200, (LOGISTICS,), absent=(PRIVATE_NOTE,)),
        },
        scene="visit",
    ),
    "evaluation:visit-notes": Row(
        visit_url("visit-notes"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (PRIVATE_NOTE,)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, ('name="results"',), absent=(PRIVATE_NOTE,)),
            "expert": Expect(200, ('name="results"',), absent=(PRIVATE_NOTE,)),
            "organiser": NOT_FOUND,
        },
        scene="visit",
    ),
    "evaluation:visit-report": Row(
        visit_url("visit-report"),
        {
            **signed_in(FORBIDDEN),
            "juror": NOT_FOUND,
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, ('name="text"',), absent=(PRIVATE_NOTE,)),
            "expert": NOT_FOUND,
            "organiser": NOT_FOUND,
        },
        scene="visit",
    ),
    "evaluation:visit-guide": Row(
        visit_url("visit-guide"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (QUESTION,)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, (QUESTION,)),
            "expert": Expect(200, (QUESTION,)),
            "organiser": Expect(200, (QUESTION,)),
        },
        scene="visit",
    ),
    "evaluation:visit-guide-pdf": Row(
        visit_url("visit-guide-pdf", format="pdf"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, ("%PDF",)),
            "conflicted_juror": NOT_FOUND,
            "chair": Expect(200, ("%PDF",)),
            "expert": Expect(200, ("%PDF",)),
            "organiser": Expect(200, ("%PDF",)),
        },
        scene="visit",
    ),
    "evaluation:visit-entrant": Row(
        visit_url("visit-entrant"),
        {
            **signed_in(NOT_FOUND),
            "municipality_a": Expect(
                200,
                ("Västra Esplanaden", 'name="name_0"'),
                absent=(LOGISTICS, QUESTION, PRIVATE_NOTE),
            ),
        },
        scene="visit",
    ),
    "evaluation:visit-ics": Row(
        visit_url("visit-ics"),
        {
            **signed_in(Expect(200, ("BEGIN:VCALENDAR",))),
            "municipality_b": NOT_FOUND,
            "conflicted_juror": NOT_FOUND,
        },
        scene="visit",
    ),
    "evaluation:question-bank": Row(
        jury_url("question-bank"),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (QUESTION,)),
            "organiser": Expect(200, (QUESTION,)),
        },
        scene="visit",
    ),
    "evaluation:interview-question-delete": Row(
        lambda w: reverse(
            "evaluation:interview-question-delete",
            args=[w.edition.slug, w.edition.interview_questions.get().pk],
        ),
        {**signed_in(FORBIDDEN), "chair": NOT_ALLOWED, "organiser": NOT_ALLOWED},
        scene="visit",
    ),
    # Deliberation, decision and motivation
    "evaluation:deliberation": Row(
        jury_url("deliberation"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (entry_a_title,)),
            "conflicted_juror": Expect(200, absent=(entry_a_title,)),
            "chair": Expect(200, (entry_a_title, 'name="minutes"')),
            "organiser": Expect(200, (entry_a_title,), absent=('name="minutes"',)),
        },
        scene="finalist",
    ),
    "evaluation:meeting": Row(jury_url("meeting"), {**signed_in(FORBIDDEN), "chair": NOT_ALLOWED}),
    "evaluation:ballot": Row(
        jury_url("ballot"),
        {
            **signed_in(FORBIDDEN),
            "juror": Expect(200, (entry_a_title,)),
            "conflicted_juror": Expect(200, absent=(entry_a_title,)),
            "chair": Expect(200, (entry_a_title,)),
        },
        scene="finalist",
    ),
    "evaluation:decision": Row(
        jury_url("decision"),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, (lambda w: f'name="award_{w.entry_a.pk}"',)),
        },
        scene="finalist",
    ),
    "evaluation:motivation": Row(
        jury_url("motivation"),
        {
            **signed_in(NOT_FOUND),
            "juror": Expect(200, (MOTIVATION, motivation_action("review"))),
            "chair": Expect(200, (MOTIVATION, motivation_action("draft"))),
            "organiser": Expect(200, (MOTIVATION,), absent=(motivation_action("draft"),)),
        },
        scene="decision",
    ),
    # Its actions are posted (tests/evaluation/test_decision.py): opened, they are refused as
    # the page is, and otherwise say the method is not allowed.
    **{
        f"evaluation:motivation-{action}": Row(
            motivation_action(action),
            {
                **signed_in(NOT_FOUND),
                **dict.fromkeys(("juror", "chair", "organiser"), NOT_ALLOWED),
            },
            scene="decision",
        )
        for action in ("draft", "review", "finalise", "reopen")
    },
    # Feedback to entrants
    "evaluation:feedback-list": Row(
        jury_url("feedback-list"),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(
                200,
                (
                    lambda w: reverse(
                        "evaluation:feedback-edit", args=[w.edition.slug, w.entry_b.pk]
                    ),
                ),
            ),
            "organiser": Expect(200, ('name="csrfmiddlewaretoken"',)),
        },
    ),
    "evaluation:feedback-edit": Row(
        lambda w: reverse("evaluation:feedback-edit", args=[w.edition.slug, w.entry_a.pk]),
        {
            **signed_in(FORBIDDEN),
            "chair": Expect(200, ('name="summary"',)),
            "organiser": NOT_FOUND,
        },
    ),
    "evaluation:feedback-pdf": Row(
        lambda w: reverse("evaluation:feedback-pdf", args=[w.entry_a.pk]),
        {
            **signed_in(NOT_FOUND),
            # Nothing written yet: nobody gets a PDF, and nobody may know more.
        },
    ),
    # The publication (not opened in the world: only organisers may know of it)
    "awards:publication-manage": Row(
        lambda w: reverse("awards:publication-manage", args=[w.edition.slug]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ('name="introduction"',))},
    ),
    # Its buttons post to these (tests/awards/test_publication.py); opened, they refuse as the
    # page does, or say the method is not allowed.
    **{
        f"awards:publication-{action}": Row(
            lambda w, action=action: reverse(f"awards:publication-{action}", args=[w.edition.slug]),
            {**signed_in(FORBIDDEN), "organiser": NOT_ALLOWED},
        )
        for action in ("build-pdf", "publish")
    },
    "awards:publication": Row(
        lambda w: reverse("awards:publication", args=[w.edition.slug]), everyone(NOT_FOUND)
    ),
    "awards:publication-pdf": Row(
        lambda w: reverse("awards:publication-pdf", args=[w.edition.slug]), everyone(NOT_FOUND)
    ),
    "awards:entry-proof": Row(
        lambda w: reverse("awards:entry-proof", args=[w.entry_a.pk]),
        {
            "anonymous": LOGIN,
            "municipality_a": Expect(200, ("samtycker inte",)),
            "municipality_b": NOT_FOUND,
            "juror": FORBIDDEN,
            "conflicted_juror": NOT_FOUND,
            "chair": FORBIDDEN,
            "expert": NOT_FOUND,
            "organiser": FORBIDDEN,
        },
    ),
    # Public pages and the organisers' preview
    "awards:award": Row(
        lambda w: w.edition.award.get_absolute_url(),
        everyone(Expect(200, (lambda w: w.edition.award.name, edition_name))),
    ),
    "awards:municipalities": Row(lambda w: reverse("awards:municipalities"), everyone(Expect(200))),
    "awards:municipality": Row(
        lambda w: w.entry_a.municipalities.get().get_absolute_url(),
        everyone(Expect(200, ("Kronobergs",), absent=(ANSWER_A,))),
    ),
    "awards:edition-preview": Row(
        lambda w: reverse("awards:edition-preview", args=[w.edition.slug]),
        {**signed_in(FORBIDDEN), "organiser": Expect(200, ("preview-banner",))},
        scene="decision",
    ),
    "accessibility": Row(
        lambda w: reverse("accessibility"),
        everyone(Expect(200, ("WCAG 2.1", "digg.se"))),
    ),
    "accounts:login": Row(
        lambda w: reverse("accounts:login"),
        {
            "anonymous": Expect(200, ('name="username"', 'name="password"')),
            **{role: Expect(302, location=lambda w: reverse("start")) for role in ROLES[1:]},
        },
    ),
    "accounts:logout": Row(lambda w: reverse("accounts:logout"), everyone(NOT_ALLOWED)),
    "accounts:set-language": Row(lambda w: reverse("accounts:set-language"), everyone(NOT_ALLOWED)),
    "accounts:password-change": Row(
        lambda w: reverse("accounts:password-change"),
        signed_in(Expect(200, ('name="new_password1"',))),
    ),
    "accounts:password-change-done": Row(
        lambda w: reverse("accounts:password-change-done"),
        signed_in(Expect(200, ("Lösenordet är ändrat",))),
    ),
    "accounts:two-factor": Row(
        lambda w: reverse("accounts:two-factor"),
        {
            "anonymous": LOGIN,
            # Contacts have no second factor: the step sends them to set one up, if they wish.
            "municipality_a": Expect(302, location=lambda w: reverse("accounts:two-factor-setup")),
            "municipality_b": Expect(302, location=lambda w: reverse("accounts:two-factor-setup")),
            # Everyone else has used theirs in this session already.
            **{role: Expect(302, location=lambda w: reverse("start")) for role in ROLES[3:]},
        },
    ),
    "accounts:two-factor-setup": Row(
        lambda w: reverse("accounts:two-factor-setup"),
        signed_in(Expect(200, ("otp-key", "data:image/svg+xml"))),
    ),
    "accounts:security": Row(
        lambda w: reverse("accounts:security"),
        signed_in(Expect(200, (lambda w: reverse("accounts:my-data"),))),
    ),
    # Posted in tests/accounts/test_second_factor.py.
    "accounts:recovery-codes-new": Row(
        lambda w: reverse("accounts:recovery-codes-new"), signed_in(NOT_ALLOWED)
    ),
    "accounts:second-factor-off": Row(
        lambda w: reverse("accounts:second-factor-off"), signed_in(NOT_ALLOWED)
    ),
    "accounts:my-data": Row(
        lambda w: reverse("accounts:my-data"),
        signed_in(Expect(200, ('"account"',), absent=("pbkdf2", "md5$"))),
    ),
    "accounts:password-reset": Row(
        lambda w: reverse("accounts:password-reset"),
        everyone(Expect(200, ('name="email"',))),
    ),
    "accounts:password-reset-done": Row(
        lambda w: reverse("accounts:password-reset-done"),
        everyone(Expect(200, ("Titta i din e-post",))),
    ),
    "accounts:password-reset-confirm": Row(
        lambda w: reverse(
            "accounts:password-reset-confirm", kwargs={"uidb64": "MQ", "token": "set-password"}
        ),
        everyone(Expect(200, ("Länken har gått ut",), absent=('name="new_password1"',))),
    ),
    "accounts:password-reset-complete": Row(
        lambda w: reverse("accounts:password-reset-complete"),
        everyone(Expect(200, (lambda w: reverse("accounts:login"),))),
    ),
    # Single sign-on is for everyone: it is how people sign in.
    "accounts:sso-start": Row(
        lambda w: reverse("accounts:sso-start", args=["entra"]),
        everyone(Expect(200, ("Testkommun kan inte nås just nu",))),
    ),
    "accounts:oidc-callback": Row(
        lambda w: reverse("accounts:oidc-callback", args=["entra"]),
        everyone(Expect(403, ("Inloggningen blev inte klar",))),
    ),
    "accounts:saml-acs": Row(
        lambda w: reverse("accounts:saml-acs", args=["federation"]), everyone(NOT_ALLOWED)
    ),
    "accounts:sso-unlink": Row(
        lambda w: reverse("accounts:sso-unlink", args=[1]),
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], NOT_ALLOWED)},
    ),
    "accounts:saml-metadata": Row(
        lambda w: reverse("accounts:saml-metadata", args=["federation"]),
        everyone(Expect(200, ('WantAssertionsSigned="true"',))),
    ),
    # Django's admin site: only staff. None of the edition roles is staff; the platform
    # administrator is tested in test_admin_site_is_for_platform_administrators.
    "admin:*": Row(
        lambda w: reverse("admin:index"),
        everyone(Expect(302, location=lambda w: reverse("admin:login"))),
    ),
}


def named_patterns(resolver=None, namespace=""):
    """Every named URL of the project, with its pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from named_patterns(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def named_urls():
    return (name for name, _ in named_patterns())


def row_for(name: str) -> str | None:
    if name in ROWS:
        return name
    namespace = name.split(":")[0] + ":*"
    return namespace if namespace in ROWS else None


def test_every_named_url_has_a_row():
    missing = sorted(name for name in set(named_urls()) if row_for(name) is None)
    assert missing == [], f"URLs without a row in the access matrix: {missing}"


def test_every_row_names_every_role():
    for name, row in ROWS.items():
        assert set(row.expect) == set(ROLES), name


def read(text: Text, world: World) -> str:
    return text(world) if callable(text) else text


CASES = [(name, role) for name in ROWS for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access(world, name, role):
    row = ROWS[name]
    expect = row.expect[role]
    url = row.url_in(world)
    response = getattr(world.client_for(role), row.method)(url)
    raw = b"".join(response) if response.streaming else response.content
    body = raw.decode(errors="replace")
    assert response.status_code == expect.status, (url, role, body[:500])
    if expect.location is not None:
        assert response["Location"].split("?")[0] == expect.location(world)
    for marker in expect.contains:
        assert read(marker, world) in body, (url, role, read(marker, world))
    for marker in expect.absent:
        assert read(marker, world) not in body, (url, role, read(marker, world))
    if expect.status in (403, 404):
        assert ANSWER_A not in body
    if response.get("Content-Type", "").startswith("text/html"):
        # A Swedish page is Swedish: no msgid without a translation, no Django default.
        assert english_in(body) == [], (url, role)


def test_admin_site_is_for_platform_administrators(world):
    admin = world.users["organiser"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = world.client_for("organiser")
    response = client.get(reverse("admin:awards_entry_changelist"))
    assert response.status_code == 200
    assert world.entry_a.title in response.content.decode()


# The platform administrator: a superuser with no jury seat and no organiser role. The rules
# give it what an organiser of the edition gets, and nothing of the jury's; where it differs
# (the admin site, every edition's paused sign-ins) the row says so.
PLATFORM_ADMIN_DIFFERS = {
    "admin:*": 200,
    # An organiser is sent on to the edition they organise; the administrator has no one edition.
    "start": 200,
    # The administrator may see every entry, so writing one is refused (403), not hidden (404).
    "awards:entry-section": 403,
    "awards:entry-submit": 403,
    "awards:attachment-upload": 403,
    "awards:entry-withdraw": 403,
}


@pytest.fixture
def platform_admin(world):
    user = factories.make_user("platform_admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", list(ROWS))
def test_the_platform_administrator_gets_what_an_organiser_without_a_seat_gets(
    world, platform_admin, name
):
    row = ROWS[name]
    url = row.url_in(world)
    response = getattr(platform_admin, row.method)(url)
    expected = PLATFORM_ADMIN_DIFFERS.get(name, row.expect["organiser"].status)
    body = (b"".join(response) if response.streaming else response.content).decode(errors="replace")
    assert response.status_code == expected, (url, body[:500])
