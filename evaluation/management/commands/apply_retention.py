"""Remove the personal data of every edition past its retention time (Edition.retention_years
after the gala). Run it daily, from cron or a scheduler:

    manage.py apply_retention            # do it now
    manage.py apply_retention --dry-run  # say which editions are due
    manage.py apply_retention --enqueue  # leave it to the task worker
"""

from django.core.management.base import BaseCommand

from evaluation.tasks import apply_retention, apply_retention_now


class Command(BaseCommand):
    help = "Remove attachments and personal data of editions past their retention time."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list editions due.")
        parser.add_argument("--enqueue", action="store_true", help="Run as a background task.")

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if enqueue:
            result = apply_retention.enqueue()
            self.stdout.write(f"Queued as task {result.id}.")
            return
        done = apply_retention_now(dry_run=dry_run)
        if not done:
            self.stdout.write("No edition is past its retention time.")
        for edition, removed in done:
            if dry_run:
                self.stdout.write(f"Due: {edition} (since {edition.retention_due_at():%Y-%m-%d})")
            else:
                counts = ", ".join(f"{kind} {count}" for kind, count in removed.items())
                self.stdout.write(f"Removed from {edition}: {counts}")
