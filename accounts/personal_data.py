"""Personal data (GDPR): what Juryrum holds about a person, and anonymising it.

Two questions with two different answers:

- What a person may take away (`personal_data`, art. 15) is an explicit list, model by model:
  what is *theirs* (what they wrote, what is about them, what was sent to them), by which link
  to them and with which fields, and for some rows only once they are public to them (a mail
  from the outbox once it was sent). Everything else is *not theirs*, with the reason. Each app
  classes its own models (`classify`, called from its AppConfig.ready); a model that can reach
  a person and is not classed fails the suite (`unclassified`). Nothing is found by following
  relations: a site visit links to the contact who confirmed its interviewees, but its report,
  notes and logistics are the jury's.
- What anonymising must scrub (`anonymise`, `summary`) is found generically: every foreign key
  to the user and every email address, so a model added later is covered without anyone
  remembering this file.

Secrets (password hashes, second-factor keys, session data) are never exported.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from accounts import audit

SECRET_FIELDS = {"password", "key", "bin_key", "token", "session_data", "throttling_failure_count"}
NOT_PERSONAL = {"sessions.session", "contenttypes.contenttype", "auth.permission"}
ANONYMOUS_DOMAIN = "anonymised.invalid"


@dataclass(frozen=True)
class Place:
    """Where a person can appear: a model's foreign key to them, or a field with their email
    address or user name (sign-in attempts)."""

    model: type[models.Model]
    field: str
    kind: str  # "user", "email" or "username"

    def rows(self, user, email: str = "") -> models.QuerySet:
        manager = self.model._base_manager
        if self.kind == "user":
            return manager.filter(**{self.field: user}) if user else manager.none()
        if self.kind == "email":
            return manager.filter(**{f"{self.field}__iexact": email}) if email else manager.none()
        names = [name for name in (user.username if user else "", email) if name]
        query = models.Q()
        for name in names:
            query |= models.Q(**{f"{self.field}__iexact": name})
        return manager.filter(query) if names else manager.none()


def places() -> list[Place]:
    User = get_user_model()
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in NOT_PERSONAL or model is User:
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is User:
                found.append(Place(model, field.name, "user"))
            elif isinstance(field, models.EmailField):
                found.append(Place(model, field.name, "email"))
            elif field.name == "username" and isinstance(field, models.CharField):
                found.append(Place(model, field.name, "username"))
    return found


def _clean(record: dict) -> dict:
    return {k: v for k, v in record["fields"].items() if k not in SECRET_FIELDS}


@dataclass(frozen=True)
class Theirs:
    """Rows of a model that are the person's, found by one link to them: `user` (a lookup from
    the row to the person's account, e.g. "member__user"), `email` or `username` (a field
    holding their address or sign-in name). `fields` limits what is exported (empty: every
    field but secrets); `once` keeps only the rows already public to them at a moment."""

    user: str = ""
    email: str = ""
    username: str = ""
    fields: tuple[str, ...] = ()
    once: Callable[[models.QuerySet, object], models.QuerySet] | None = None

    def rows(self, model, user, email: str, now) -> models.QuerySet:
        manager = model._base_manager
        if self.user:
            rows = manager.filter(**{self.user: user}) if user else manager.none()
        elif self.email:
            rows = manager.filter(**{f"{self.email}__iexact": email}) if email else manager.none()
        else:
            names = [name for name in (user.username if user else "", email) if name]
            query = models.Q()
            for name in names:
                query |= models.Q(**{f"{self.username}__iexact": name})
            rows = manager.filter(query) if names else manager.none()
        if self.once is not None:
            rows = self.once(rows, now)
        return rows.order_by("pk")


@dataclass(frozen=True)
class NotTheirs:
    """A model none of whose rows a person takes away as their own, and why."""

    why: str


_CLASSES: dict[str, tuple[Theirs | NotTheirs, ...]] = {}


def classify(label: str, *rules: Theirs | NotTheirs) -> None:
    """Say of a model ("app_label.ModelName") what of it is a person's own."""
    _CLASSES[label.lower()] = rules


def reachable_models() -> list[type[models.Model]]:
    """Every model from which a person can be reached: a link to their account or a field with
    their email address or user name, or a link to such a model, and so on."""
    User = get_user_model()
    reached = {User}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in reached:
                continue
            for field in model._meta.get_fields():
                linked = field.is_relation and field.concrete and field.related_model in reached
                names_person = isinstance(field, models.EmailField) or (
                    field.name == "username" and isinstance(field, models.CharField)
                )
                if linked or names_person:
                    reached.add(model)
                    grew = True
                    break
    return sorted(reached - {User}, key=lambda m: m._meta.label)


def unclassified() -> list[str]:
    """Models that can reach a person and nobody has said whether they are theirs."""
    return [m._meta.label for m in reachable_models() if m._meta.label_lower not in _CLASSES]


def personal_data(user=None, email: str = "", now=None) -> dict:
    """What a person takes away: their account and, model by model, the rows classed as theirs
    (with the fields classed as theirs), only those already public to them at `now`."""
    now = now or timezone.now()
    email = email or (user.email if user else "")
    data = {"exported_at": now, "account": None, "records": {}}
    if user is not None:
        account = serializers.serialize("python", [user])[0]
        data["account"] = {
            k: v
            for k, v in _clean(account).items()
            if k not in {"groups", "user_permissions", "is_superuser"}
        }
    for label, rules in sorted(_CLASSES.items()):
        model = apps.get_model(label)
        records: dict[object, dict] = {}
        for rule in rules:
            if not isinstance(rule, Theirs):
                continue
            rows = rule.rows(model, user, email, now)
            for record in serializers.serialize("python", rows, fields=rule.fields or None):
                records.setdefault(record["pk"], {}).update(_clean(record))
        if records:
            data["records"][model._meta.label] = [
                {"id": pk, **fields} for pk, fields in records.items()
            ]
    return data


def personal_data_json(user=None, email: str = "") -> bytes:
    return json.dumps(
        personal_data(user, email), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode()


def summary(user=None, email: str = "") -> dict[str, int]:
    """How many rows of each kind hold the person: what an organiser sees before anonymising."""
    counts = {}
    for place in places():
        count = place.rows(user, email).count()
        if count:
            label = str(place.model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + count
    return counts


@transaction.atomic
def anonymise(user=None, email: str = "") -> str:
    """Replace a person with a placeholder everywhere, keeping every entry, score and decision.

    The account stays (so records keep their author) but carries no name, address or password;
    rows found by email lose the address and the name beside it; their text fields and the
    audit trail lose every mention of the old name and address. Returns the placeholder.
    """
    email = email or (user.email if user else "")
    alias = f"anonymised-{user.pk}" if user else f"anonymised-{timezone.now():%Y%m%d%H%M%S}"
    alias_email = f"{alias}@{ANONYMOUS_DOMAIN}"
    mentions = [m for m in (email, *(_names(user) if user else ())) if m and len(m) > 2]
    rows_by_email = []
    for place in places():
        if place.kind == "username":
            place.rows(user, email).delete()  # sign-in attempts say nothing once they are gone
            continue
        if place.kind == "email":
            rows = list(place.rows(user, email))
            rows_by_email += rows
            names = [
                f.name
                for f in place.model._meta.concrete_fields
                if isinstance(f, models.CharField) and f.name.split("_")[-1] == "name"
            ]
            changes = {place.field: alias_email, **dict.fromkeys(names, "")}
            place.model._base_manager.filter(pk__in=[r.pk for r in rows]).update(**changes)
        elif place.kind == "user" and mentions:
            _scrub_text(place.model, place.rows(user, email), mentions)
    for row in rows_by_email:
        _scrub_text(type(row), type(row)._base_manager.filter(pk=row.pk), mentions)
    if user is not None:
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.models import ExternalIdentity

        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        # The sign-in service's subject identifies the person, and would sign them in again.
        ExternalIdentity.objects.filter(user=user).delete()
        user.username = alias
        user.email = alias_email
        user.first_name = user.last_name = ""
        user.display_name = ""
        user.is_active = False
        # An unusable password also ends every session: Django checks a hash of it on each request.
        user.set_unusable_password()
        user.save()
    audit.redact(mentions, alias)
    return alias


def _names(user) -> list[str]:
    return [n for n in (user.get_full_name(), user.display_name, user.username) if n]


def _scrub_text(model, rows, mentions: list[str]) -> None:
    """Replace every mention of the person in the rows' text fields."""
    text_fields = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, (models.TextField, models.CharField))
        and not isinstance(f, models.EmailField)
        and not f.choices
    ]
    if not text_fields:
        return
    for row in rows:
        changed = {}
        for name in text_fields:
            value = getattr(row, name)
            if not isinstance(value, str):
                continue
            new = audit.replace_mentions(value, mentions, "[…]")
            if new != value:
                changed[name] = new
        if changed:
            model._base_manager.filter(pk=row.pk).update(**changed)
