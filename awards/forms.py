import re
from decimal import Decimal

from auditlog.models import LogEntry
from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from awards.choices import (
    FILE_TYPES,
    RECORD_STANDINGS,
    EditionPhase,
    QuestionKind,
    SectionStage,
)
from awards.models import Criterion, Edition, Municipality, Nomination, Question, Section
from awards.transitions import EDITION_PHASE_TRANSITIONS

WORD = re.compile(r"\S+")
MAX_TEXT = 20_000


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


def answer_field_name(question) -> str:
    return f"q{question.pk}"


def version_field_name(question) -> str:
    return f"v{question.pk}"


def scale_choices(question):
    labels = (
        question.scale_labels_en if get_language() == "en" and question.scale_labels_en else None
    )
    labels = labels or question.scale_labels
    return [("", "—"), *((str(i), label) for i, label in enumerate(labels))]


class WordLimitValidator:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, value):
        words = count_words(value)
        if words > self.limit:
            raise forms.ValidationError(
                ngettext(
                    "The answer has %(words)d words; at most %(limit)d word is allowed.",
                    "The answer has %(words)d words; at most %(limit)d words are allowed.",
                    self.limit,
                )
                % {"words": words, "limit": self.limit},
                code="word_limit",
            )


def _plain_number(value) -> str:
    """100.00 as "100" and 2.50 as "2,5" in Swedish: a number as people write it."""
    value = value.quantize(1) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value)


def number_hint(low, high) -> str:
    """What a number field takes, in words: "Ange ett tal mellan 0 och 100."."""
    if low is not None and high is not None:
        return _("Enter a number between %(low)s and %(high)s.") % {
            "low": _plain_number(low),
            "high": _plain_number(high),
        }
    if low is not None:
        return _("Enter a number of at least %(low)s.") % {"low": _plain_number(low)}
    if high is not None:
        return _("Enter a number of at most %(high)s.") % {"high": _plain_number(high)}
    return _("Enter a number.")


def field_for(question) -> forms.Field:
    """The form field that answers a question of the given kind. Nothing is required while
    drafting; what is missing is listed at submission."""
    common = {"label": question.localised_text, "required": False}
    help_text = question.localised_help_text
    if question.kind == QuestionKind.LONG_TEXT:
        attrs = {"rows": 8}
        validators = []
        if question.word_limit:
            attrs["data-word-limit"] = str(question.word_limit)
            attrs["data-count-label"] = gettext("{n} of {limit} words")
            validators.append(WordLimitValidator(question.word_limit))
            limit = _("At most %(limit)d words.") % {"limit": question.word_limit}
            help_text = f"{help_text} {limit}".strip()
        return forms.CharField(
            widget=forms.Textarea(attrs=attrs),
            max_length=MAX_TEXT,
            validators=validators,
            help_text=help_text,
            strip=False,
            **common,
        )
    if question.kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=300, help_text=help_text, **common)
    if question.kind == QuestionKind.NUMBER:
        unit = f" ({question.unit})" if question.unit else ""
        # The range is said before anyone gets it wrong, and a wrong number is told the same
        # words (not Django's "…less than or equal to 100.00").
        hint = number_hint(question.min_value, question.max_value)
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            min_value=question.min_value,
            max_value=question.max_value,
            help_text=f"{help_text} {hint}".strip(),
            error_messages=dict.fromkeys(
                ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places"), hint
            ),
            label=f"{question.localised_text}{unit}",
            required=False,
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            help_text=help_text,
            **common,
        )
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            choices=scale_choices(question),
            widget=forms.RadioSelect,
            help_text=help_text,
            **common,
        )
    raise ValueError(f"No answer field for questions of kind {question.kind!r}")


class SectionAnswersForm(forms.Form):
    """The answers to one section of the questionnaire, each with the version it was read at,
    so that a save from a stale copy is noticed instead of overwriting a colleague."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.kind != QuestionKind.FILE]
        self.helper = FormHelper()
        self.helper.form_tag = False
        for question in self.questions:
            answer = answers.get(question.pk)
            name = answer_field_name(question)
            self.fields[name] = field_for(question)
            self.fields[version_field_name(question)] = forms.IntegerField(
                min_value=0, required=False, widget=forms.HiddenInput
            )
            self.initial[name] = answer.value if answer else None
            self.initial[version_field_name(question)] = answer.version if answer else 0

    def answered_values(self) -> dict:
        """{question: value} for every question of the section, from the cleaned data."""
        return {q: self.cleaned_data.get(answer_field_name(q)) for q in self.questions}

    def seen_versions(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data.get(version_field_name(q)) or 0 for q in self.questions}

    def bound_rows(self, conflicts=()):
        """(question, answer field, version field, conflict or None) for the template."""
        by_question = {c.question.pk: c for c in conflicts}
        return [
            (q, self[answer_field_name(q)], self[version_field_name(q)], by_question.get(q.pk))
            for q in self.questions
        ]

    def with_versions(self, versions: dict[int, int]):
        """The same form, carrying newer answer versions (after a save or a conflict)."""
        data = self.data.copy()
        for question_id, version in versions.items():
            data[f"v{question_id}"] = version
        self.data = data
        return self


class CrispyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InviteContactForm(CrispyForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    email = forms.EmailField(label=_("Email address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        required=False,
        help_text=_("E.g. digitalisation strategist."),
    )


class RegisterEntryForm(CrispyForm):
    field_order = ["municipality", "partners", "title", "competing", "publication_consent"]
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=None
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Other municipalities in a joint entry"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_(
            "Only for a joint entry. Each municipality you do not act for gets an invitation "
            "and joins when one of its contacts accepts."
        ),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    title = forms.CharField(
        label=_("Name of the entry"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to name it after the municipalities."),
    )
    publication_consent = forms.BooleanField(
        label=_("Our answers may be published in the edition's publication."), required=False
    )
    competing = forms.TypedChoiceField(
        label=_("Taking part"),
        choices=[
            ("yes", _("We compete for the award (and may be published if we consent)")),
            ("no", _("Only in the publication, without competing")),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        cleaned = super().clean()
        own, partners = cleaned.get("municipality"), cleaned.get("partners") or []
        if own is not None and own in partners:
            self.add_error("partners", _("The municipality itself is already part of the entry."))
        return cleaned


class SubmitEntryForm(CrispyForm):
    confirm = forms.BooleanField(
        label=_("We have read our answers and want to submit them to the jury."),
        error_messages={"required": _("Tick the box to confirm the submission.")},
    )


class EditionCopyForm(CrispyForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("Display name"),
        max_length=200,
        help_text=_("Awards get renamed: the name belongs to the edition."),
    )
    slug = forms.SlugField(
        label=_("Short name in addresses"), max_length=50, help_text=_("E.g. sdk-2029.")
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EditionVersionForm(forms.ModelForm):
    """A form on an edition that refuses a save over a colleague's newer change, keeping the
    input: `seen` is the edition's `updated_at` when the organiser loaded the form."""

    seen = forms.DateTimeField(widget=forms.HiddenInput)
    stale_message = _(
        "Somebody else changed these settings after you opened the page. Your input is kept "
        "below; reload the page to see their change first."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("seen", self.instance.updated_at)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen")
        if seen is None or abs((seen - self.instance.updated_at).total_seconds()) > 0.001:
            self.add_error(None, self.stale_message)
        return cleaned


class EditionSettingsForm(EditionVersionForm):
    """An edition's name and timeline, in Europe/Stockholm."""

    class Meta:
        model = Edition
        fields = [
            "name",
            "registration_opens_at",
            "submission_deadline",
            "grace_minutes",
            "contact_email",
            "long_list_at",
            "finalists_announce_at",
            "site_visits_from",
            "site_visits_until",
            "jury_meeting_at",
            "announce_at",
            "remind_drafts",
            "remind_scores",
            "remind_visits",
            "retention_years",
        ]
        widgets = {
            **{
                name: DateTimeLocalInput()
                for name in (
                    "registration_opens_at",
                    "submission_deadline",
                    "long_list_at",
                    "finalists_announce_at",
                    "jury_meeting_at",
                    "announce_at",
                )
            },
            "site_visits_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "site_visits_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grace_minutes"].max_value = 24 * 60
        self.fields["grace_minutes"].validators.append(MaxValueValidator(24 * 60))


class EditionPhaseForm(CrispyForm):
    phase = forms.ChoiceField(label=_("Move to"))
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        legal = EDITION_PHASE_TRANSITIONS[edition.phase]
        self.fields["phase"].choices = [(p.value, p.label) for p in EditionPhase if p in legal]


class ExtendDeadlineForm(CrispyForm):
    until = forms.DateTimeField(label=_("New deadline for this entry"), widget=DateTimeLocalInput())
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReopenEntryForm(CrispyForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The municipality's contacts see this in the entry's history."),
    )


class EligibilityForm(CrispyForm):
    eligible = forms.TypedChoiceField(
        label=_("Ruling"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the entry is not eligible. The municipality sees it."),
    )


class AttachmentForm(forms.Form):
    question = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = Question.objects.filter(
            section__edition_id=entry.edition_id, kind=QuestionKind.FILE
        ).select_related("section")


class NominationForm(forms.ModelForm):
    # A field people never see: robots that fill in every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Nomination
        fields = [
            "municipality",
            "nominator_name",
            "nominator_email",
            "nominator_organisation",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["reason"].validators.append(WordLimitValidator(300))
        self.fields["reason"].help_text = _("At most %(limit)d words.") % {"limit": 300}
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "honeypot"}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    @property
    def is_from_a_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SectionForm(forms.ModelForm):
    """A questionnaire section: its titles, and whom it asks (every entry before submitting,
    or those that reach a later stage, with its own deadline)."""

    class Meta:
        model = Section
        fields = ["title", "title_en", "stage", "deadline"]
        widgets = {"stage": forms.RadioSelect, "deadline": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Most sections are asked of every entry: left out, that is what the stage is.
        self.fields["stage"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_stage(self):
        return self.cleaned_data.get("stage") or SectionStage.EVERYONE


class LinesField(forms.CharField):
    """One item per line, e.g. the steps of a scale."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class CriterionForm(forms.ModelForm):
    scale_labels = LinesField(
        label=_("Scale steps"),
        help_text=_("One step per line, lowest first, e.g. 0 Missing … 4 Exemplary."),
        max_length=2000,
    )
    scale_labels_en = LinesField(label=_("Scale steps (English)"), required=False, max_length=2000)

    class Meta:
        model = Criterion
        fields = [
            "name",
            "name_en",
            "description",
            "description_en",
            "weight",
            "scale_labels",
            "scale_labels_en",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].localize = True
        self.fields["weight"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["weight"].min_value = Decimal("0.01")
        self.fields["weight"].validators.append(MinValueValidator(Decimal("0.01")))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        steps = cleaned.get("scale_labels") or []
        if "scale_labels" in cleaned and len(steps) < 2:
            self.add_error("scale_labels", _("A scale needs at least two steps."))
        english = cleaned.get("scale_labels_en") or []
        if english and len(english) != len(steps):
            self.add_error("scale_labels_en", _("Give as many English steps as Swedish ones."))
        return cleaned


class QuestionForm(forms.ModelForm):
    scale_labels = LinesField(
        label=_("Scale steps"),
        required=False,
        help_text=_("For scale questions: one step per line, lowest first."),
        max_length=2000,
    )
    scale_labels_en = LinesField(label=_("Scale steps (English)"), required=False, max_length=2000)
    allowed_types = forms.MultipleChoiceField(
        label=_("Allowed file types"),
        choices=[(key, key.upper()) for key in FILE_TYPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For file questions. None ticked allows every type listed."),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "text_en",
            "help_text",
            "help_text_en",
            "required",
            "word_limit",
            "unit",
            "min_value",
            "max_value",
            "scale_labels",
            "scale_labels_en",
            "allowed_types",
            "max_size_mb",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
            "help_text_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = 2000
        self.fields["text"].validators.append(MaxLengthValidator(2000))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == QuestionKind.SCALE and len(cleaned.get("scale_labels") or []) < 2:
            self.add_error("scale_labels", _("A scale needs at least two steps."))
        english = cleaned.get("scale_labels_en") or []
        if english and len(english) != len(cleaned.get("scale_labels") or []):
            self.add_error("scale_labels_en", _("Give as many English steps as Swedish ones."))
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and low >= high:
            self.add_error("max_value", _("The highest value must be above the lowest."))
        return cleaned


class PublishFinalistsForm(CrispyForm):
    at = forms.DateTimeField(
        label=_("Publish the finalists at"),
        widget=DateTimeLocalInput(),
        help_text=_("Europe/Stockholm time. From then on the public page lists the finalists."),
    )


class OutboxPrepareForm(forms.Form):
    """Which mails to write: the buttons of the outbox page name the stage."""

    stage = forms.ChoiceField(choices=[("finalists", "finalists"), ("decision", "decision")])


class OutboxSendForm(forms.Form):
    """The ticked messages, among the edition's unsent ones."""

    message = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, outbox, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].queryset = outbox
        meanwhile = _("A ticked message has been sent or discarded meanwhile. Tick again.")
        self.fields["message"].error_messages.update(
            invalid_choice=meanwhile, invalid_pk_value=meanwhile
        )

    def add_error(self, field, error):
        # The boxes are in the table's rows: the error belongs to the form, above it.
        super().add_error(None, error)

    def clean(self):
        if not self.errors and not self.cleaned_data.get("message"):
            raise forms.ValidationError(_("Tick the messages to send."))
        return self.cleaned_data


class OutboxMessageForm(CrispyForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 14})
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PublicationForm(CrispyForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Opens the publication, before the municipalities' texts."),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def add_error(self, field, error):
        super().add_error(None if field == "seen_version" else field, error)


class AuditKindField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class AuditFilterForm(CrispyForm):
    """Filters of an edition's audit trail; every field optional."""

    kind = AuditKindField(
        label=_("Kind of record"), queryset=None, required=False, empty_label=_("All")
    )
    actor = forms.ModelChoiceField(
        label=_("Changed by"), queryset=None, required=False, empty_label=_("Anyone")
    )
    action = forms.TypedChoiceField(
        label=_("Kind of change"),
        choices=[
            ("", _("All")),
            (LogEntry.Action.CREATE, _("Created")),
            (LogEntry.Action.UPDATE, _("Changed")),
            (LogEntry.Action.DELETE, _("Deleted")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, kinds, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds
        self.fields["actor"].queryset = actors

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The first day comes after the last."))
        return data


class PersonLookupForm(CrispyForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)


class AnonymiseForm(CrispyForm):
    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    confirm = forms.BooleanField(
        label=_(
            "I understand: the person's name, email address and sign-in are removed for good; "
            "entries, scores and decisions stay."
        ),
    )


class EditionRecordForm(EditionVersionForm):
    """What the public record says of an edition. The gala's date is asked only of an
    edition entered afterwards."""

    announced_on = forms.DateField(
        label=_("Day the winner was announced"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty if it is not on record."),
    )
    field_order = ["announced_on"]
    stale_message = _(
        "Somebody else changed the record after you opened the page. Your input is kept "
        "below; reload the page to see their change first."
    )

    class Meta:
        model = Edition
        fields = [
            "venue",
            "partners",
            "finalists_known",
            "citation",
            "citation_en",
            "motivation",
            "motivation_en",
            "motivation_source",
            "benefits",
            "benefits_en",
        ]
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "motivation_en": forms.Textarea(attrs={"rows": 6}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "benefits_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.recorded_afterwards:
            announce_at = self.instance.announce_at
            self.initial.setdefault(
                "announced_on", announce_at and timezone.localtime(announce_at).date()
            )
        else:
            del self.fields["announced_on"]
        self.fields["motivation"].help_text = _("The jury's words, as they were published.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("motivation") and not cleaned.get("motivation_source"):
            self.add_error(
                "motivation_source",
                _("Say where the motivation was published, so that readers can check it."),
            )
        return cleaned


class RecordStandingForm(CrispyForm):
    standing = forms.ChoiceField(label=_("How far it came"))

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standing"].choices = [
            (standing.value, award.stage_name(standing)) for standing in RECORD_STANDINGS
        ]


class RecordEntryAddForm(RecordStandingForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        help_text=_("Several for a joint entry: hold Ctrl (⌘ on a Mac) to choose more."),
    )
    field_order = ["municipalities", "standing"]


class JurorOnRecordForm(CrispyForm):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    chair = forms.BooleanField(label=_("Chair"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and (cleaned.get("affiliation") or cleaned.get("chair")):
            self.add_error("name", _("Give the member's name, or empty the row."))
        return cleaned


class BaseJurorFormSet(forms.BaseFormSet):
    def jurors(self) -> list[dict]:
        """The filled rows, in order; empty rows are left out."""
        return [
            {name: form.cleaned_data[name] for name in ("name", "affiliation", "chair")}
            for form in self.forms
            if form.cleaned_data.get("name")
        ]

    def clean(self):
        if any(self.errors):
            return
        if sum(1 for juror in self.jurors() if juror["chair"]) > 1:
            raise ValidationError(_("A jury has one chair."))


JurorFormSet = forms.formset_factory(
    JurorOnRecordForm, formset=BaseJurorFormSet, extra=3, max_num=30, validate_max=True
)


class AnswersImportForm(CrispyForm):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_(
            "One row per municipality: a column Kommunkod (or Kommun) and one column per "
            "question, headed by the question's text. At most 2 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Choose a CSV or XLSX file."))
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload
