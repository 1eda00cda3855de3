"""Create (or re-create) the demo: the award Sveriges DigitaliseringsKommun with its past
editions, a current edition 2027 in a chosen phase, its jury, organiser and municipality contacts.

Running it again gives the same demo: the award's editions and entries are rebuilt, the demo
users keep their accounts and get the given password.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from awards.choices import EditionPhase, EntryStanding, QuestionKind
from awards.models import Award, Criterion, Edition, Entry, Municipality, Question, Section
from awards.services import (
    answer_save,
    contact_add,
    edition_record_add,
    edition_record_update,
    edition_walk_to_phase,
    entry_create,
    entry_rule_eligibility,
    entry_submit,
    nomination_handle,
    nomination_submit,
    organiser_add,
    record_entry_add,
)
from evaluation.choices import SCORING_ROLES, ConflictKind, MarkKind, Outcome, Ruling, VisitMode
from evaluation.management import demo_content as content
from evaluation.models import ConflictDeclaration
from evaluation.selectors import declaration_candidates, entries_to_score, motivation_approvers
from evaluation.services import (
    Declaration,
    Person,
    ScoreInput,
    VisitDetails,
    ballot_save,
    conflict_declare,
    conflict_rule,
    conflicts_declare,
    decision_record,
    interview_question_add,
    interviewees_confirm,
    jury_member_add,
    mark_add,
    meeting_save,
    motivation_draft,
    motivation_review,
    notes_save,
    report_save,
    round_ensure,
    round_update,
    scorecard_save,
    standing_decide,
    visit_save,
)

DEFAULT_PASSWORD = "juryrum-demo"  # noqa: S105 - printed by the command, for demos only
STOCKHOLM = ZoneInfo("Europe/Stockholm")
CURRENT_YEAR = 2027

# --phase name: (edition phase, days from now to: registration opens, deadline, finalists, gala)
PHASES = {
    "registration": (EditionPhase.REGISTRATION, (-30, 45, 120, 300)),
    "evaluation": (EditionPhase.EVALUATION, (-120, -10, 40, 200)),
    "site_visits": (EditionPhase.SITE_VISITS, (-200, -90, -30, 90)),
    "deliberation": (EditionPhase.DELIBERATION, (-300, -180, -120, 21)),
    "announced": (EditionPhase.DECIDED, (-330, -210, -150, -1)),
}
# In the registration phase only these entries have been submitted; the rest are drafts.
SUBMITTED_EARLY = {"Växjö", "Sundsvall", "Umeå", "Skellefteå", "Linköping", "Örebro"}


def _key(names) -> tuple[str, ...]:
    return (names,) if isinstance(names, str) else tuple(names)


class Demo:
    def __init__(self, *, phase: str, password: str, now: datetime):
        self.phase = phase
        self.password = password
        self.now = now
        self.municipalities = {m.name: m for m in Municipality.objects.all()}
        self.admin = None

    def user(self, username: str, display_name: str, *, staff: bool = False):
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.email = f"{username}@example.org"
        user.display_name = display_name
        user.is_staff = staff
        user.is_superuser = staff
        user.is_active = True
        user.set_password(self.password)
        user.save()
        return user

    def run(self) -> Award:
        self.admin = self.user("admin", "Ada Administratör", staff=True)
        award, _created = Award.objects.update_or_create(
            slug=content.AWARD["slug"],
            defaults={
                **{k: v for k, v in content.AWARD.items() if k != "slug"},
                **content.STAGE_NAMES,
            },
        )
        Entry.objects.filter(edition__award=award).delete()
        award.editions.all().delete()
        for year, (name, winners, finalists, gala) in content.PAST_EDITIONS.items():
            self.past_edition(award, year, name, winners, finalists, gala)
        for username, display_name, municipality in content.CONTACTS:
            contact_add(
                municipality=self.municipalities[municipality],
                user=self.user(username, display_name),
                title="Digitaliseringsstrateg",
            )
        self.current_edition(award)
        return award

    def past_edition(self, award, year, name, winners, finalists, gala):
        """Enter a past edition into the archive as an organiser would: what is on record,
        and nothing else."""
        edition = edition_record_add(
            award=award, year=year, name=name, slug=f"{award.slug}-{year}", actor=self.admin
        )
        edition_record_update(
            edition=edition,
            actor=self.admin,
            announced_on=date(*gala) if gala else None,
            finalists_known=finalists is not None,
        )
        for names in finalists or winners:
            record_entry_add(
                edition=edition,
                municipalities=[self.municipalities[n] for n in _key(names)],
                standing=EntryStanding.WINNER if names in winners else EntryStanding.FINALIST,
                actor=self.admin,
            )
        if year == max(content.PAST_EDITIONS):
            # The latest past edition keeps its questionnaire, so that the next one can be
            # started from a copy of it. (The archive holds no answers.)
            self.questionnaire(edition)

    def questionnaire(self, edition) -> list[Question]:
        for position, (name, name_en, description, weight) in enumerate(content.CRITERIA, 1):
            Criterion.objects.create(
                edition=edition,
                position=position,
                name=name,
                name_en=name_en,
                description=description,
                weight=Decimal(str(weight)),
                scale_labels=content.SCALE,
                scale_labels_en=content.SCALE_EN,
            )
        questions = []
        for position, (title, title_en, rows) in enumerate(content.QUESTIONNAIRE, start=1):
            section = Section.objects.create(
                edition=edition, position=position, title=title, title_en=title_en
            )
            for q_position, (kind, text, text_en, word_limit) in enumerate(rows, start=1):
                questions.append(
                    Question.objects.create(
                        section=section,
                        position=q_position,
                        kind=kind,
                        text=text,
                        text_en=text_en,
                        word_limit=word_limit,
                        required=kind != QuestionKind.FILE,
                        unit="%" if kind == QuestionKind.NUMBER else "",
                        min_value=0 if kind == QuestionKind.NUMBER else None,
                        max_value=100 if kind == QuestionKind.NUMBER else None,
                        allowed_types=["pdf", "docx", "xlsx"] if kind == QuestionKind.FILE else [],
                    )
                )
        return questions

    def current_edition(self, award):
        edition_phase, (opens, deadline, finalists, gala) = PHASES[self.phase]
        today = timezone.localdate(self.now)

        def at(days, hour, minute=0):
            return datetime.combine(
                today + timedelta(days=days), time(hour, minute), tzinfo=STOCKHOLM
            )

        day = timedelta(days=1)
        edition = Edition.objects.create(
            award=award,
            year=CURRENT_YEAR,
            name="Sveriges DigitaliseringsKommun",
            slug=f"{award.slug}-{CURRENT_YEAR}",
            registration_opens_at=at(opens, 9),
            submission_deadline=at(deadline, 23, 59),
            finalists_announce_at=at(finalists, 10),
            announce_at=at(gala, 19, 30) if gala > 0 else self.now - timedelta(hours=1),
            contact_email="pris@example.org",
            grace_minutes=15,
        )
        organiser_add(edition=edition, user=self.admin)
        questions = self.questionnaire(edition)
        edition_walk_to_phase(edition=edition, to_phase=EditionPhase.REGISTRATION, actor=self.admin)
        members = {}
        for username, display_name, role, affiliation in content.JURY:
            members[username] = jury_member_add(
                edition=edition,
                user=self.user(username, display_name),
                role=role,
                affiliation=affiliation,
            )
        latest = min(self.now, edition.submission_deadline - 5 * day)
        opened = edition.registration_opens_at
        entries = {}
        for names, (proudest, effect, lesson, maturity) in content.CURRENT_ENTRIES.items():
            key = _key(names)
            # Entries come in over the weeks after registration opens, and are submitted
            # over the days before the latest demo moment: the organiser's chart has a shape.
            n = len(entries)
            registered_at = min(opened + timedelta(days=1 + (n * 5) % 25, hours=n), latest)
            submit_at = max(latest - timedelta(days=(n * 3) % 11, hours=n), registered_at)
            entry = entry_create(
                edition=edition,
                municipalities=[self.municipalities[n] for n in key],
                title=" och ".join([", ".join(key[:-1]), key[-1]]) if len(key) > 1 else key[0],
                actor=self.admin,
            )
            Entry.objects.filter(pk=entry.pk).update(created_at=registered_at)
            entry.competing = key[0] not in content.CURRENT_PUBLICATION_ONLY
            entry.publication_consent = not entry.competing or len(entries) % 3 != 2
            entry.save(update_fields=["publication_consent", "competing"])
            complete = self.phase != "registration" or key[0] in SUBMITTED_EARLY
            texts = content.answer_texts(entry.title, proudest, effect, lesson)
            answered = texts if complete else texts[: 1 + len(entries) % 3]
            for question, text in zip(questions, answered, strict=False):
                answer_save(
                    entry=entry, question=question, text=text, actor=self.admin, now=submit_at
                )
            if complete:
                number_question = next(q for q in questions if q.kind == QuestionKind.NUMBER)
                answer_save(
                    entry=entry,
                    question=number_question,
                    number=Decimal(maturity),
                    actor=self.admin,
                    now=submit_at,
                )
                entry_submit(entry=entry, actor=self.admin, now=submit_at)
            entries[key[0]] = entry
        if self.phase == "registration":
            self.declare_conflicts(members, entries)
        nominations = content.CURRENT_NOMINATIONS if self.phase == "registration" else []
        for name, nominator, organisation, reason, verify in nominations:
            nomination = nomination_submit(
                edition=edition,
                municipality=self.municipalities[name],
                nominator_name=nominator,
                nominator_email=f"{nominator.split()[0].lower()}@example.org",
                nominator_organisation=organisation,
                reason=reason,
            )
            if verify:
                nomination_handle(nomination=nomination, verified=True, actor=self.admin)
        if self.phase != "registration":
            for name, entry in entries.items():
                eligible = name != content.CURRENT_INELIGIBLE[0]
                reason = "" if eligible else content.CURRENT_INELIGIBLE[1]
                entry_rule_eligibility(
                    entry=entry, eligible=eligible, reason=reason, actor=self.admin
                )
        if self.phase != "registration":
            edition_walk_to_phase(
                edition=edition, to_phase=EditionPhase.EVALUATION, actor=self.admin
            )
            self.jury_work(members, entries)
        if self.phase in ("site_visits", "deliberation", "announced"):
            edition_walk_to_phase(
                edition=edition, to_phase=EditionPhase.SITE_VISITS, actor=self.admin
            )
            self.site_visits(edition, members, entries)
        if self.phase in ("deliberation", "announced"):
            edition_walk_to_phase(
                edition=edition, to_phase=EditionPhase.DELIBERATION, actor=self.admin
            )
            self.deliberation(edition, members, entries)
        if self.phase == "announced":
            self.decision(edition, members, entries)
        edition_walk_to_phase(edition=edition, to_phase=edition_phase, actor=self.admin)

    def site_visits(self, edition, members, entries):
        """Visits to the four finalists: the first two done, with notes (some shared) and, by
        the deliberation, reports; the interview questions; passages marked to verify."""
        chair = members["chair"]
        for theme, text in content.INTERVIEW_QUESTIONS:
            interview_question_add(edition=edition, theme=theme, text=text)
        for username, name, words, note in content.VERIFY_MARKS:
            entry = entries[name]
            answer = next(a for a in entry.answers.select_related("question") if words in a.text)
            mark_add(
                member=members[username],
                entry=entry,
                question=answer.question,
                passage=words,
                kind=MarkKind.VERIFY,
                note=note,
            )
        # The site-visit experts declare on the finalists, as they must before reading them:
        # the README's "expert1 takes visit notes" starts there, not blocked.
        for member in members.values():
            if member.role not in SCORING_ROLES:
                conflicts_declare(
                    member=member,
                    declarations=[
                        Declaration(entry, has_conflict=False, kind="", note="")
                        for entry in declaration_candidates(member)
                    ],
                )
        later = self.phase != "site_visits"
        start = timezone.localdate(edition.finalists_announce_at) + timedelta(days=20)
        edition.site_visits_from = start
        edition.site_visits_until = start + timedelta(days=30)
        edition.save(update_fields=["site_visits_from", "site_visits_until"])
        for name, (offset, hour, on_site, place, visitors) in content.VISITS.items():
            starts = datetime.combine(start + timedelta(days=offset), time(hour), STOCKHOLM)
            visit = visit_save(
                entry=entries[name],
                details=VisitDetails(
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=3, minutes=30),
                    mode=VisitMode.ON_SITE if on_site else VisitMode.DIGITAL,
                    address=place if on_site else "",
                    meeting_url="" if on_site else place,
                    agenda=content.visit_agenda(hour),
                    logistics="Tåg från Stockholm C kl. 06.10; juryn samlas i receptionen.",
                ),
                participants=[members[u] for u in visitors],
            )
            if starts > self.now and not later:
                continue
            contact = entries[name].municipalities.first().contacts.first()
            interviewees_confirm(
                visit=visit,
                people=[Person(*person) for person in content.INTERVIEWEES],
                seen_version=visit.version,
                actor=contact.user if contact else self.admin,
            )
            for username in visitors:
                texts = content.VISIT_NOTES.get((username, name))
                if texts:
                    notes_save(
                        visit=visit,
                        member=members[username],
                        texts=texts,
                        seen_version=0,
                        share=later or username != "chair",
                    )
            report = content.VISIT_REPORTS.get(name)
            if report and (later or name == "Växjö"):
                report_save(visit=visit, text=report, seen_version=1, share=True, actor=chair.user)

    def deliberation(self, edition, members, entries):
        """Round 2 scored after the visits (Sundsvall's effects weigh less once seen), the
        jury's rankings and the record of its meeting."""
        scoring_round = round_ensure(edition=edition, number=2)
        criteria = list(Criterion.objects.filter(edition=edition))
        for name, member in members.items():
            if member.role not in SCORING_ROLES:
                continue
            for entry in entries_to_score(member, scoring_round):
                shift = -1 if entry.title == "Sundsvall" else 0
                scorecard_save(
                    member=member,
                    scoring_round=scoring_round,
                    entry=entry,
                    scores={
                        c.pk: ScoreInput(
                            max(0, content.demo_score(name, entry.title, c.position) + shift),
                            content.demo_comment(name, entry.title, c.position + 1),
                        )
                        for c in criteria
                    },
                    overall_comment=content.demo_overall(name, entry.title),
                    seen_version=0,
                    submit=True,
                    actor=member.user,
                )
        scoring_round.refresh_from_db()
        round_update(scoring_round=scoring_round, seen_version=scoring_round.version, is_open=False)
        for username, names in content.BALLOTS.items():
            ballot_save(
                member=members[username],
                ranks={entries[n].pk: rank for rank, n in enumerate(names, start=1)},
                seen_version=0,
            )
        meeting_save(
            edition=edition,
            held_at=edition.announce_at - timedelta(days=30),
            attendees=list(members.values()),
            minutes=content.MEETING_MINUTES if self.phase == "announced" else "",
            seen_version=0,
            actor=members["chair"].user,
        )

    def decision(self, edition, members, entries):
        """Växjö wins; the motivation goes through two versions, a comment and the jury's
        approval (juror2 and juror1, conflicted with finalists, stay out)."""
        chair = members["chair"]
        decision_record(
            edition=edition,
            outcome=Outcome.WINNER,
            winners=[entries[content.CURRENT_WINNER]],
            mentions=[],
            reason="",
            seen_version=0,
            actor=chair.user,
        )
        motivation_draft(
            edition=edition,
            text=content.MOTIVATION_FIRST_DRAFT,
            citation=content.CURRENT_CITATION,
            seen_version=0,
            actor=chair.user,
        )
        motivation_review(
            edition=edition,
            member=members["juror3"],
            approved=False,
            comment="Kort: nämn gärna ledarskapet och att lärdomarna delas.",
            seen_version=1,
        )
        motivation_draft(
            edition=edition,
            text=content.CURRENT_MOTIVATION,
            citation=content.CURRENT_CITATION,
            seen_version=1,
            actor=chair.user,
        )
        for approver in motivation_approvers(edition):
            motivation_review(
                edition=edition, member=approver, approved=True, comment="", seen_version=2
            )

    def declare_conflicts(self, members, entries):
        conflict_declare(
            member=members["juror2"],
            entry=entries["Växjö"],
            has_conflict=True,
            kind=ConflictKind.RESIDENCE,
            note=content.JUROR2_CONFLICT_NOTE,
        )
        for username in ("juror3", "juror4", "chair"):
            conflict_declare(member=members[username], entry=entries["Växjö"], has_conflict=False)

    def jury_work(self, members, entries):
        """The jury mid-way (evaluation) or done with round 1 (later phases): declarations,
        juror2's conflict with Växjö confirmed by the chair, scores submitted and drafts, and
        for later phases the long list and finalists with the chair's rationales."""
        chair = members["chair"]
        done = self.phase != "evaluation"
        declaring = [m for name, m in members.items() if name != "juror1" or done]
        for member in declaring:
            conflicts_declare(
                member=member,
                declarations=[
                    Declaration(
                        entry,
                        has_conflict=(member.user.username, name) in content.DEMO_CONFLICTS,
                        kind=ConflictKind.RESIDENCE
                        if (member.user.username, name) == ("juror2", "Växjö")
                        else ConflictKind.EMPLOYMENT,
                        note=content.DEMO_CONFLICTS.get((member.user.username, name), ""),
                    )
                    for name, entry in entries.items()
                    if declaration_candidates(member).filter(pk=entry.pk).exists()
                ],
            )
        for declaration in ConflictDeclaration.objects.filter(
            member__edition=chair.edition, has_conflict=True
        ):
            conflict_rule(
                declaration=declaration,
                ruling=Ruling.CONFIRMED,
                note="",
                actor=chair.user,
            )
        scoring_round = round_ensure(edition=chair.edition, number=1)
        criteria = list(Criterion.objects.filter(edition=chair.edition))
        for name, member in members.items():
            if member.role not in SCORING_ROLES or member not in declaring:
                continue
            share = 1.0 if done else content.DEMO_SCORING_SHARE[name]
            # Sundsvall and Växjö first, so that every demo juror has views on them.
            entries_to_do = sorted(
                entries_to_score(member, scoring_round),
                key=lambda e: (e.title not in ("Sundsvall", "Växjö"), e.title),
            )
            for position, entry in enumerate(entries_to_do):
                if position >= round(share * len(entries_to_do)) + (0 if done else 2):
                    break
                submit = done or position < round(share * len(entries_to_do))
                scores = {
                    criterion.pk: ScoreInput(
                        content.demo_score(name, entry.title, criterion.position),
                        content.demo_comment(name, entry.title, criterion.position),
                    )
                    for criterion in criteria
                }
                scorecard_save(
                    member=member,
                    scoring_round=scoring_round,
                    entry=entry,
                    scores=scores,
                    overall_comment=content.demo_overall(name, entry.title),
                    seen_version=0,
                    submit=submit,
                    actor=member.user,
                )
        if not done:
            return
        round_update(scoring_round=scoring_round, seen_version=scoring_round.version, is_open=False)
        for name in content.CURRENT_LONG_LIST:
            standing_decide(
                entry=entries[name],
                to_standing=EntryStanding.LONG_LIST,
                rationale=content.LONG_LIST_RATIONALE,
                actor=chair.user,
            )
        for name in content.CURRENT_FINALISTS:
            standing_decide(
                entry=entries[name],
                to_standing=EntryStanding.FINALIST,
                rationale=content.FINALIST_RATIONALE[name],
                actor=chair.user,
            )


def seed_demo(*, phase: str = "registration", password: str = DEFAULT_PASSWORD, now=None) -> Award:
    if phase not in PHASES:
        raise CommandError(f"Unknown phase {phase!r}; choose one of {', '.join(PHASES)}.")
    with transaction.atomic():
        return Demo(phase=phase, password=password, now=now or timezone.now()).run()


class Command(BaseCommand):
    help = "Create the demo award, its past editions and a current edition in a chosen phase."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="Password of every demo user."
        )
        parser.add_argument("--phase", choices=list(PHASES), default="registration")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (the demo users have known passwords).",
        )

    def handle(self, *args, phase, password, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like production, where demo users with known passwords "
                "do not belong. Pass --allow-production if you really mean it."
            )
        seed_demo(phase=phase, password=password)
        roles = [
            ("admin", "organiser and platform administrator"),
            *((u, r) for u, _n, r, _a in content.JURY),
            *((u, f"contact for {m}") for u, _n, m in content.CONTACTS),
        ]
        self.stdout.write(self.style.SUCCESS(f"Demo ready: the 2027 edition is in phase {phase}."))
        self.stdout.write(f"Sign in at /accounts/login/ with password {password!r} as:")
        for username, role in roles:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("juror2 has declared a conflict of interest with Växjö.")
