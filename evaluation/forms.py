import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.choices import EntryStanding
from awards.forms import CrispyForm, DateTimeLocalInput
from evaluation.choices import (
    ConflictKind,
    IntervieweeRole,
    JuryRole,
    MarkKind,
    Outcome,
    Ruling,
    Theme,
    VisitMode,
)
from evaluation.models import ScoringRound
from evaluation.services import Person, ScoreInput, VisitDetails
from evaluation.transitions import STANDING_TRANSITIONS


class JuryInviteForm(CrispyForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=JuryRole.choices, initial=JuryRole.JUROR)
    affiliation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Used to suggest conflicts of interest, e.g. “Växjö kommun”."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("The most entries this member scores in a round. Empty: no limit."),
    )


class JuryMemberForm(CrispyForm):
    role = forms.ChoiceField(label=_("Role"), choices=JuryRole.choices)
    affiliation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500, required=False)


NO_CONFLICT, CONFLICT = "no", "yes"
# The declaration form's button that declares every remaining entry without a conflict.
REST_NONE = "rest_none"


class DeclarationsForm(forms.Form):
    """One declaration per entry: a conflict of interest (with its kind) or none. A suggested
    conflict that the member dismisses needs a reason. Declared conflicts are not in the form:
    only a ruling lifts them."""

    def __init__(self, data=None, *args, rows, **kwargs):
        rows = [row for row in rows if not (row.declaration and row.declaration.has_conflict)]
        # Suggested conflicts first, then what is not declared yet, then what may be changed.
        self.rows = sorted(rows, key=lambda row: (not row.suggested, row.declaration is not None))
        if data is not None and data.get(REST_NONE):
            # "No conflict for all the others": every entry left unanswered that Juryrum does
            # not suggest a conflict for is declared without one, each on its own row.
            data = data.copy()
            for row in self.rest(data):
                data[f"choice_{row.entry.pk}"] = NO_CONFLICT
        super().__init__(data, *args, **kwargs)
        for row in self.rows:
            pk, declared = row.entry.pk, row.declaration
            initial = None
            if declared is not None:
                initial = NO_CONFLICT
            self.fields[f"choice_{pk}"] = forms.ChoiceField(
                label=row.entry.title,
                choices=[
                    (NO_CONFLICT, _("No conflict of interest")),
                    (CONFLICT, _("Conflict of interest")),
                ],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=initial,
                error_messages={"required": _("Declare a conflict of interest or none.")},
            )
            self.fields[f"kind_{pk}"] = forms.ChoiceField(
                label=_("Kind"),
                choices=[("", "—"), *ConflictKind.choices],
                required=False,
                initial=ConflictKind.EMPLOYMENT if row.suggested else "",
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Note"),
                max_length=1000,
                required=False,
                initial=declared.note if declared else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rest(self, data=None) -> list:
        """The rows "no conflict for all the others" declares: not declared, not suggested,
        and not answered in `data`."""
        data = data or {}
        return [
            row
            for row in self.rows
            if row.declaration is None
            and not row.suggested
            and not data.get(f"choice_{row.entry.pk}")
        ]

    def groups(self) -> list[tuple[str, list]]:
        """The bound rows in their groups: "suggested" (conflicts Juryrum suggests), "open"
        (not declared yet) and "declared" (declared without a conflict, may be changed)."""
        groups: dict[str, list] = {}
        for bound in self.bound_rows():
            row = bound[0]
            key = "suggested" if row.suggested else "declared" if row.declaration else "open"
            groups.setdefault(key, []).append(bound)
        return list(groups.items())

    def bound_rows(self):
        return [
            (
                row,
                self[f"choice_{row.entry.pk}"],
                self[f"kind_{row.entry.pk}"],
                self[f"note_{row.entry.pk}"],
            )
            for row in self.rows
        ]

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            pk = row.entry.pk
            choice = cleaned.get(f"choice_{pk}")
            if choice == CONFLICT and not cleaned.get(f"kind_{pk}"):
                self.add_error(f"kind_{pk}", _("Say what kind of conflict of interest it is."))
            if (
                choice == NO_CONFLICT
                and row.suggested
                and not cleaned.get(f"note_{pk}", "").strip()
            ):
                self.add_error(
                    f"note_{pk}",
                    _("Your organisation suggests a conflict: say why there is none."),
                )
        return cleaned

    def declarations(self):
        return [
            (
                row.entry,
                self.cleaned_data[f"choice_{row.entry.pk}"] == CONFLICT,
                self.cleaned_data[f"kind_{row.entry.pk}"],
                self.cleaned_data[f"note_{row.entry.pk}"].strip(),
            )
            for row in self.rows
        ]


class RulingForm(CrispyForm):
    ruling = forms.ChoiceField(
        label=_("Ruling"),
        choices=Ruling.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Reason or mitigation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when dismissing or allowing. The member sees it."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("ruling") in (Ruling.DISMISSED, Ruling.ALLOWED)
            and not cleaned.get("note", "").strip()
        ):
            self.add_error(
                "note",
                _("Write the reason for dismissing, or the mitigation that allows the member."),
            )
        return cleaned


class RoundSettingsForm(forms.ModelForm):
    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ScoringRound
        fields = ["is_open", "reveal", "assignment", "jurors_per_entry", "closes_at"]
        widgets = {"closes_at": DateTimeLocalInput(), "reveal": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        self.fields["jurors_per_entry"].min_value = 1
        self.fields["jurors_per_entry"].max_value = 50
        self.helper = FormHelper()
        self.helper.form_tag = False


class ScorecardForm(forms.Form):
    """A score on each criterion's scale (its step labels as the choices) with a comment, and
    an overall comment. Saving keeps a draft; submitting needs every criterion scored."""

    overall_comment = forms.CharField(
        label=_("Overall comment"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("The page is out of date: reload it and try again."),
            "invalid": _("The page is out of date: reload it and try again."),
            "min_value": _("The page is out of date: reload it and try again."),
        },
    )

    def __init__(self, *args, criteria, scorecard=None, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.submitting = submitting
        current = {s.criterion_id: s for s in scorecard.scores.all()} if scorecard else {}
        self.fields["seen_version"].initial = scorecard.version if scorecard else 0
        self.fields["overall_comment"].initial = scorecard.overall_comment if scorecard else ""
        for criterion in criteria:
            score = current.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.localised_name,
                choices=[
                    (str(i), f"{i} · {label}") for i, label in enumerate(criterion.localised_scale)
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=None if score is None or score.value is None else str(score.value),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.localised_name},
                max_length=3000,
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([f for c in criteria for f in (f"score_{c.pk}", f"comment_{c.pk}")])

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            # Every criterion still to score is marked at once, not only the first.
            for criterion in self.criteria:
                name = f"score_{criterion.pk}"
                if name not in self.errors and cleaned.get(name) is None:
                    self.add_error(name, _("Score this criterion before submitting."))
        return cleaned

    def bound_criteria(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self):
        return {
            c.pk: ScoreInput(
                self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"].strip()
            )
            for c in self.criteria
        }


class MarkForm(CrispyForm):
    question = forms.TypedChoiceField(label=_("Question"), coerce=int)
    passage = forms.CharField(
        label=_("Passage"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the words from the answer exactly as they stand."),
    )
    kind = forms.ChoiceField(label=_("Mark"), choices=MarkKind.choices)
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [(q.pk, q.localised_text) for q in questions]


class StandingForm(CrispyForm):
    to_standing = forms.ChoiceField(label=_("Move to"))
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why: the jury and the organisers read it in the entry's record."),
    )

    def __init__(self, *args, entry, award, **kwargs):
        super().__init__(*args, **kwargs)
        legal = STANDING_TRANSITIONS.get(entry.standing, frozenset())
        self.fields["to_standing"].choices = [
            (s.value, award.stage_name(s)) for s in EntryStanding if s in legal
        ]


STALE = _("The page is out of date: reload it and try again.")


class StaleAware:
    """A page loaded from an older version says so at the top of the form: the hidden
    version field has no place of its own to show an error."""

    def add_error(self, field, error):
        super().add_error(None if field == "seen_version" else field, error)


def seen_version_field():
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": STALE, "invalid": STALE, "min_value": STALE},
    )


class InterviewQuestionForm(CrispyForm):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    text = forms.CharField(
        label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.user} ({member.get_role_display().lower()})"


class VisitForm(StaleAware, CrispyForm):
    """When and where a finalist is visited, by whom (only members free of conflicts with
    it are offered), the agenda and the jury's logistics notes."""

    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeLocalInput())
    mode = forms.ChoiceField(
        label=_("Form"), choices=VisitMode.choices, widget=forms.RadioSelect, initial="on_site"
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    meeting_url = forms.URLField(
        label=_("Meeting link"), max_length=500, required=False, assume_scheme="https"
    )
    participants = MemberChoiceField(
        label=_("Visiting jury"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to the municipality."),
    )
    logistics = forms.CharField(
        label=_("Logistics notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the visiting jury only: travel, rooms, practical notes."),
    )
    seen_version = seen_version_field()

    def __init__(self, *args, members, visit=None, **kwargs):
        if visit is not None:
            kwargs.setdefault(
                "initial",
                {
                    "starts_at": visit.starts_at,
                    "ends_at": visit.ends_at,
                    "mode": visit.mode,
                    "address": visit.address,
                    "meeting_url": visit.meeting_url,
                    "agenda": visit.agenda,
                    "logistics": visit.logistics,
                    "participants": [m.pk for m in visit.participants.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members
        self.fields["seen_version"].initial = visit.version if visit else 0

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The visit must end after it starts."))
        if data.get("mode") == VisitMode.ON_SITE and not data.get("address", "").strip():
            self.add_error("address", _("Give the address of a visit on site."))
        if data.get("mode") == VisitMode.DIGITAL and not data.get("meeting_url"):
            self.add_error("meeting_url", _("Give the meeting link of a digital visit."))
        return data

    def details(self) -> VisitDetails:
        data = self.cleaned_data
        return VisitDetails(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            mode=data["mode"],
            address=data["address"],
            meeting_url=data["meeting_url"],
            agenda=data["agenda"],
            logistics=data["logistics"],
        )


class IntervieweesForm(StaleAware, forms.Form):
    """The municipality's interviewees: a row per person, some rows left empty for more."""

    seen_version = seen_version_field()
    ROWS = 5

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = visit.version
        people = list(visit.interviewees.all())
        for i in range(max(self.ROWS, len(people) + 2)):
            person = people[i] if i < len(people) else None
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Name"),
                max_length=200,
                required=False,
                initial=person.name if person else "",
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Role"),
                choices=[("", "—"), *IntervieweeRole.choices],
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
                initial=person.role if person else "",
            )
            self.fields[f"title_{i}"] = forms.CharField(
                label=_("Title or unit"),
                max_length=200,
                required=False,
                initial=person.title if person else "",
            )
        self.count = i + 1

    def rows(self):
        return [
            (i, self[f"name_{i}"], self[f"role_{i}"], self[f"title_{i}"]) for i in range(self.count)
        ]

    def clean(self):
        data = super().clean()
        people = []
        for i in range(self.count):
            name = (data.get(f"name_{i}") or "").strip()
            role = data.get(f"role_{i}") or ""
            title = (data.get(f"title_{i}") or "").strip()
            if not (name or role or title):
                continue
            if not name:
                self.add_error(f"name_{i}", _("Give the person's name."))
            if not role:
                self.add_error(f"role_{i}", _("Choose the person's role."))
            people.append(Person(name, role, title))
        if not people and not self.errors:
            raise forms.ValidationError(_("Name at least one person for the interviews."))
        self.people = people
        return data


class NotesForm(StaleAware, forms.Form):
    """A visiting member's notes, one text per theme. `page` names this open form."""

    seen_version = seen_version_field()
    page = forms.RegexField(regex=r"^[0-9a-f]{32}$", required=False, widget=forms.HiddenInput)

    def __init__(self, *args, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = notes.version if notes else 0
        self.fields["page"].initial = uuid.uuid4().hex
        texts = notes.texts if notes else {}
        for value, label in Theme.choices:
            self.fields[value] = forms.CharField(
                label=label,
                max_length=10000,
                required=False,
                initial=texts.get(value, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def texts(self) -> dict[str, str]:
        return {value: self.cleaned_data[value] for value in Theme.values}

    @property
    def hidden_page(self) -> str:
        return self["page"].value() or ""


class ReportForm(StaleAware, CrispyForm):
    text = forms.CharField(
        label=_("Visit report"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    seen_version = seen_version_field()


class MeetingForm(StaleAware, CrispyForm):
    held_at = forms.DateTimeField(label=_("Held"), required=False, widget=DateTimeLocalInput())
    attendees = MemberChoiceField(
        label=_("Attended"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=30000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    seen_version = seen_version_field()

    def __init__(self, *args, members, meeting=None, **kwargs):
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "held_at": meeting.held_at,
                    "attendees": [m.pk for m in meeting.attendees.all()],
                    "minutes": meeting.minutes,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members
        self.fields["seen_version"].initial = meeting.version if meeting else 0


class BallotForm(StaleAware, forms.Form):
    """A ranking made by ordering: the finalists in the member's order (first is best), each
    after the first may share the place above it (a tie). The order travels as a hidden list
    of entry ids; moving one up or down is a submit button, so it works without JavaScript,
    and juryrum.js moves it in place."""

    seen_version = seen_version_field()
    order = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE},
    )

    def __init__(self, data=None, *args, entries, ranks, version, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.entries = {entry.pk: entry for entry in entries}
        ordered = sorted(entries, key=lambda e: (ranks.get(e.pk, len(entries) + 1), e.title))
        self.fields["seen_version"].initial = version
        self.fields["order"].initial = ",".join(str(e.pk) for e in ordered)
        previous = None
        for entry in ordered:
            rank = ranks.get(entry.pk)
            self.fields[f"tie_{entry.pk}"] = forms.BooleanField(
                label=_("Shares the place above"),
                required=False,
                initial=rank is not None and rank == previous,
            )
            previous = rank

    def _ids(self, value) -> list[int] | None:
        try:
            ids = [int(part) for part in str(value).split(",") if part]
        except ValueError:
            return None
        return ids if sorted(ids) == sorted(self.entries) else None

    def clean_order(self):
        ids = self._ids(self.cleaned_data["order"])
        if ids is None:
            raise forms.ValidationError(STALE)
        return ids

    def ordered(self) -> list:
        """The entries in the order the form shows: as posted, or as last saved."""
        value = self.data.get("order") if self.is_bound else self.fields["order"].initial
        ids = self._ids(value) or self._ids(self.fields["order"].initial)
        return [self.entries[pk] for pk in ids]

    def rows(self) -> list[tuple]:
        """(entry, its tie field, its place) in order; places count ties as one place."""
        rows, place = [], 0
        for i, entry in enumerate(self.ordered()):
            tie = self[f"tie_{entry.pk}"]
            tied = i > 0 and bool(tie.value())
            place = place if tied else place + 1
            rows.append((entry, tie, place))
        return rows

    def moved(self, move: str) -> str:
        """The order after moving one entry ("<id>:up" or "<id>:down"), as the hidden list."""
        ids = [entry.pk for entry in self.ordered()]
        pk, _sep, direction = move.partition(":")
        if pk.isdigit() and int(pk) in ids:
            i = ids.index(int(pk))
            j = i - 1 if direction == "up" else i + 1
            if 0 <= j < len(ids):
                ids[i], ids[j] = ids[j], ids[i]
        return ",".join(map(str, ids))

    def ranks(self) -> dict[int, int]:
        """Dense ranks from the order and the ties: 1 is best, a tie shares the rank above."""
        ranks, rank = {}, 0
        for i, pk in enumerate(self.cleaned_data["order"]):
            if not (i > 0 and self.cleaned_data.get(f"tie_{pk}")):
                rank += 1
            ranks[pk] = rank
        return ranks


class DecisionForm(StaleAware, CrispyForm):
    """The jury's decision: the outcome, then for each finalist one of no distinction, winner
    or honourable mention: one choice per finalist, so a finalist cannot both win and be
    mentioned. cleaned_data has the winners and mentions as lists of entries."""

    NONE, WINNER, MENTION = "none", "winner", "mention"

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the jury names no winner."),
    )
    seen_version = seen_version_field()

    def __init__(self, *args, finalists, decision=None, **kwargs):
        self.finalists = list(finalists)
        if decision is not None:
            initial = {"outcome": decision.outcome, "reason": decision.reason}
            for entry in self.finalists:
                initial[f"award_{entry.pk}"] = {
                    EntryStanding.WINNER: self.WINNER,
                    EntryStanding.HONOURABLE_MENTION: self.MENTION,
                }.get(entry.standing, self.NONE)
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for entry in self.finalists:
            self.fields[f"award_{entry.pk}"] = forms.ChoiceField(
                label=entry.title,
                choices=[
                    (self.NONE, _("No distinction")),
                    (self.WINNER, _("Winner")),
                    (self.MENTION, _("Honourable mention")),
                ],
                initial=self.NONE,
                widget=forms.RadioSelect,
            )
        self.order_fields(["outcome", *[f"award_{e.pk}" for e in self.finalists], "reason"])
        self.fields["seen_version"].initial = decision.version if decision else 0

    def clean(self):
        data = super().clean()
        choices = {e: data.get(f"award_{e.pk}", self.NONE) for e in self.finalists}
        winners = [e for e, choice in choices.items() if choice == self.WINNER]
        data["winners"] = winners
        data["mentions"] = [e for e, choice in choices.items() if choice == self.MENTION]
        if data.get("outcome") == Outcome.WINNER and not winners:
            self.add_error(None, _("Choose the winner."))
        if data.get("outcome") == Outcome.NO_WINNER:
            if winners:
                self.add_error(None, _("With no winner, choose no winning entry."))
            if not data.get("reason", "").strip():
                self.add_error("reason", _("Give the reason for naming no winner."))
        return data


MOTIVATION_WORDS = (80, 150)


class MotivationForm(StaleAware, CrispyForm):
    text = forms.CharField(
        label=_("The jury's motivation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8, "data-word-limit": MOTIVATION_WORDS[1]}),
        help_text=_("Guidance: 80–150 words."),  # noqa: RUF001
    )
    citation = forms.CharField(
        label=_("Citation"), max_length=300, help_text=_("One line, read out at the gala.")
    )
    text_en = forms.CharField(
        label=_("Motivation in English"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-word-limit": MOTIVATION_WORDS[1]}),
    )
    citation_en = forms.CharField(label=_("Citation in English"), max_length=300, required=False)
    seen_version = seen_version_field()

    def __init__(self, *args, current=None, version=0, **kwargs):
        if current is not None:
            kwargs.setdefault(
                "initial",
                {
                    "text": current.text,
                    "citation": current.citation,
                    "text_en": current.text_en,
                    "citation_en": current.citation_en,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = version
        for name in ("text", "text_en"):
            self.fields[name].widget.attrs["data-count-label"] = str(
                _("{n} words (guidance 80–150)")  # noqa: RUF001
            )


class ReviewForm(StaleAware, CrispyForm):
    decision = forms.ChoiceField(
        label=_("Your review"),
        choices=[("approve", _("I approve this version")), ("comment", _("I have a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen_version = seen_version_field()

    def clean(self):
        data = super().clean()
        if data.get("decision") == "comment" and not data.get("comment", "").strip():
            self.add_error("comment", _("Write your comment."))
        return data


class ReasonForm(StaleAware, CrispyForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    seen_version = seen_version_field()


class FeedbackForm(StaleAware, forms.Form):
    """Strengths and areas to develop per criterion, and a summary."""

    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen_version = seen_version_field()

    def __init__(self, *args, criteria, feedback=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        texts = feedback.texts if feedback else {}
        self.fields["seen_version"].initial = feedback.version if feedback else 0
        self.fields["summary"].initial = feedback.summary if feedback else ""
        for criterion in criteria:
            current = texts.get(str(criterion.pk), {})
            for part, label in (
                ("strengths", _("Strengths")),
                ("develop", _("Areas to develop")),
            ):
                self.fields[f"{part}_{criterion.pk}"] = forms.CharField(
                    label=label,
                    max_length=3000,
                    required=False,
                    initial=current.get(part, ""),
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def bound_criteria(self):
        return [(c, self[f"strengths_{c.pk}"], self[f"develop_{c.pk}"]) for c in self.criteria]

    def texts(self) -> dict:
        return {
            c.pk: {
                "strengths": self.cleaned_data[f"strengths_{c.pk}"],
                "develop": self.cleaned_data[f"develop_{c.pk}"],
            }
            for c in self.criteria
        }
