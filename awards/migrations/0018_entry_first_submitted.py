from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def first_submissions(apps, schema_editor):
    """Entries submitted before the field existed: the first move to submitted on record."""
    Entry = apps.get_model("awards", "Entry")
    EntryStateChange = apps.get_model("awards", "EntryStateChange")
    first = (
        EntryStateChange.objects.filter(entry=OuterRef("pk"), to_state="submitted")
        .order_by()
        .values("entry")
        .annotate(at=Min("created_at"))
        .values("at")
    )
    Entry.objects.update(first_submitted_at=Subquery(first))
    # Submitted before any state change was recorded (imports): the submission time it holds.
    Entry.objects.filter(first_submitted_at__isnull=True, submitted_at__isnull=False).update(
        first_submitted_at=models.F("submitted_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0017_edition_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="first_submitted_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Kept when the entry is reopened: changes after it are on the audit trail.",
                null=True,
                verbose_name="first submitted",
            ),
        ),
        migrations.RunPython(first_submissions, migrations.RunPython.noop),
    ]
