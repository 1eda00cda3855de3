from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.choices import EntryStanding
from awards.forms import CrispyForm, DateTimeLocalInput
from evaluation.choices import ConflictKind, JuryRole, MarkKind, Ruling
from evaluation.models import ScoringRound
from evaluation.services import ScoreInput
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


class DeclarationsForm(forms.Form):
    """One declaration per entry: a conflict of interest (with its kind) or none. A suggested
    conflict that the member dismisses needs a reason. Declared conflicts are not in the form:
    only a ruling lifts them."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [row for row in rows if not (row.declaration and row.declaration.has_conflict)]
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

    def __init__(self, *args, criteria, scorecard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
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

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        legal = STANDING_TRANSITIONS.get(entry.standing, frozenset())
        self.fields["to_standing"].choices = [
            (s.value, s.label) for s in EntryStanding if s in legal
        ]
