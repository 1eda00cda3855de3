"""Personal data (GDPR): what Juryrum holds about a person, and anonymising it.

Generic on purpose: it walks every model for a link to the person (a foreign key to the user)
or their email address, so a model added later is covered without anyone remembering this file.
Secrets (password hashes, second-factor keys, session data) are never exported.
"""

import json
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


def personal_data(user=None, email: str = "") -> dict:
    """Everything held about a person, by model: their account and every row that links to
    them or carries their email address."""
    email = email or (user.email if user else "")
    data = {"exported_at": timezone.now(), "account": None, "records": {}}
    if user is not None:
        account = serializers.serialize("python", [user])[0]
        data["account"] = {
            k: v
            for k, v in _clean(account).items()
            if k not in {"groups", "user_permissions", "is_superuser"}
        }
    found: dict[type[models.Model], set] = {}
    for place in places():
        _collect(data, found, place.model, list(place.rows(user, email)))
    # One step further: what hangs on the person's own rows (a juror's seat carries their
    # declarations, scorecards, notes and rankings).
    for model, pks in list(found.items()):
        for other in apps.get_models():
            for field in other._meta.concrete_fields:
                if field.many_to_one and field.related_model is model and other is not model:
                    rows = other._base_manager.filter(**{f"{field.name}__in": pks})
                    _collect(data, found, other, list(rows))
    return data


def _collect(data, found, model, rows) -> None:
    if not rows:
        return
    records = data["records"].setdefault(model._meta.label, [])
    seen = found.setdefault(model, set())
    for record in serializers.serialize("python", rows):
        if record["pk"] not in seen:
            seen.add(record["pk"])
            records.append({"id": record["pk"], **_clean(record)})


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

        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
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
