"""The audit trail: who changed what, when and from where, in one append-only table.

django-auditlog records every save and delete of a tracked model (the actor and the client's
address come from AuditContextMiddleware). Juryrum's services also change rows with
compare-and-set updates (`filter(version=seen).update(...)`), which send no signals: tracked
models use AuditedQuerySet, whose update() writes the same kind of entry for every row it
changed. So one trail holds both.

Each entry carries the edition it belongs to (additional_data["edition"]) so that an edition's
organisers see its trail. Entries are never changed or deleted, except by the two lawful
erasures: anonymising a person (GDPR) and the retention rule, both inside `erasing()`.
"""

import contextlib
from contextvars import ContextVar

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models
from django.db.models.functions import Cast
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

IGNORED_FIELDS = ("version", "report_version", "last_page", "updated_at", "questionnaire_stamp")
_erasing = ContextVar("audit_erasing", default=False)


class AppendOnlyError(RuntimeError):
    pass


def _edition_id(instance, path: str):
    value = instance
    for step in path.split("__"):
        if value is None:
            return None
        value = getattr(value, step)
    return value


def track(model, edition: str | None = None, exclude: tuple[str, ...] = ()) -> None:
    """Put a model on the trail. `edition` is the attribute path from a row to its edition's
    id (e.g. "entry__edition_id"), so the edition's organisers see the row's history."""

    def get_additional_data(self):
        return {"edition": _edition_id(self, edition) if edition else None}

    model.get_additional_data = get_additional_data
    model._audit_tracked = True
    auditlog.register(model, exclude_fields=[*IGNORED_FIELDS, *exclude])


class AuditedQuerySet(models.QuerySet):
    """update() that leaves an audit entry for each row it changes, as a save would: the rows'
    values before, the update, the rows after, and an entry for each row that changed
    (3 + N queries)."""

    def update(self, **kwargs):
        if not getattr(self.model, "_audit_tracked", False):
            return super().update(**kwargs)
        fields = [name for name in kwargs if name not in IGNORED_FIELDS]
        if not fields:
            return super().update(**kwargs)
        before = {row["pk"]: row for row in self.values("pk", *fields)}
        count = super().update(**kwargs)
        if not before:
            return count
        # Read back as instances (the entry names each): their fields are the values after.
        attnames = {name: self.model._meta.get_field(name).attname for name in fields}
        for instance in self.model._base_manager.filter(pk__in=before):
            old = before[instance.pk]
            diff = {
                name: [_text(old[name]), _text(getattr(instance, attnames[name]))]
                for name in fields
                if old[name] != getattr(instance, attnames[name])
            }
            if diff:
                LogEntry.objects.log_create(instance, action=LogEntry.Action.UPDATE, changes=diff)
        return count


def _text(value) -> str:
    return "None" if value is None else str(value)


def record(instance, action: int = LogEntry.Action.UPDATE, **changes) -> None:
    """Write an entry by hand, for a change no save or update shows (e.g. an answer changed
    after submission, written through the autosave path)."""
    LogEntry.objects.log_create(
        instance,
        action=action,
        force_log=True,
        changes={field: [_text(old), _text(new)] for field, (old, new) in changes.items()},
    )


def for_edition(edition_id) -> models.QuerySet:
    return LogEntry.objects.filter(additional_data__edition=edition_id)


@contextlib.contextmanager
def erasing():
    """Allow the lawful erasures to rewrite or remove trail entries."""
    token = _erasing.set(True)
    try:
        yield
    finally:
        _erasing.reset(token)


@receiver(pre_save, sender=LogEntry)
def _no_rewrites(sender, instance, raw=False, **kwargs):
    # raw: loaddata restoring a backup into an empty database, which writes rows as they were.
    if instance.pk is not None and not raw and not _erasing.get():
        raise AppendOnlyError("The audit trail is append-only.")


@receiver(pre_delete, sender=LogEntry)
def _no_deletes(sender, instance, **kwargs):
    if not _erasing.get():
        raise AppendOnlyError("The audit trail is append-only.")


def redact(mentions: list[str], replacement: str) -> int:
    """Remove every mention of a person from the trail (GDPR anonymisation)."""
    mentions = [m for m in mentions if m]
    if not mentions:
        return 0
    query = models.Q()
    for mention in mentions:
        query |= models.Q(changes_as_text__icontains=mention) | models.Q(
            object_repr__icontains=mention
        )
    rows = LogEntry.objects.annotate(changes_as_text=Cast("changes", models.TextField())).filter(
        query
    )
    count = 0
    with erasing():
        for row in rows:
            row.changes = _redacted(row.changes, mentions, replacement)
            row.object_repr = _redacted(row.object_repr, mentions, replacement)
            row.changes_text = ""
            row.serialized_data = None
            row.save(update_fields=["changes", "object_repr", "changes_text", "serialized_data"])
            count += 1
    return count


def replace_mentions(text: str, mentions: list[str], replacement: str) -> str:
    """The text with every mention replaced, whatever its case."""
    for mention in mentions:
        out, start, lowered, needle = [], 0, text.lower(), mention.lower()
        while (at := lowered.find(needle, start)) != -1:
            out += [text[start:at], replacement]
            start = at + len(mention)
        text = "".join([*out, text[start:]])
    return text


def _redacted(value, mentions, replacement):
    if isinstance(value, str):
        return replace_mentions(value, mentions, replacement)
    if isinstance(value, list):
        return [_redacted(v, mentions, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v, mentions, replacement) for k, v in value.items()}
    return value
