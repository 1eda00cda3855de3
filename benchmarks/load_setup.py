"""The data of benchmarks/load.py, run inside `manage.py shell` against the throwaway database:
the demo, a benchmark edition with 290 draft entries and their contacts, 30 submitted entries
for the jury, and a session for each person. Prints what the load script needs as JSON."""

import json
import sys
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security import SECOND_FACTOR_REQUIRED, SIGNED_IN_AT
from accounts.sessions import SessionStore
from awards.choices import EditionPhase, EntryState, QuestionKind
from awards.models import (
    Award,
    Edition,
    Entry,
    EntryMunicipality,
    Municipality,
    MunicipalityContact,
    Question,
    Section,
)
from evaluation.management.commands.seed_demo import seed_demo
from evaluation.models import JuryMember
from evaluation.selectors import declaration_candidates
from evaluation.services import conflict_declare

User = get_user_model()
seed_demo(phase="evaluation")
now = timezone.now()


def session_for(user, verified):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "accounts.backends.UsernameOrEmailBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store[SIGNED_IN_AT] = int(now.timestamp())
    store[SECOND_FACTOR_REQUIRED] = verified
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "Bench"}
        )
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


# The deadline rush: an edition open for entries, every municipality with a draft.
award = Award.objects.create(name="Lastprov", slug="lastprov")
rush = Edition.objects.create(
    award=award,
    name="Lastprov",
    year=2027,
    slug="lastprov-2027",
    phase=EditionPhase.REGISTRATION,
    registration_opens_at=now - timedelta(days=30),
    submission_deadline=now + timedelta(hours=2),
)
section = Section.objects.create(edition=rush, position=1, title="Svar")
questions = [
    Question.objects.create(
        section=section,
        position=i,
        kind=QuestionKind.LONG_TEXT,
        text=f"Fråga {i}",
        required=True,
        word_limit=300,
    )
    for i in (1, 2)
]
contacts = []
for municipality in Municipality.objects.order_by("code"):
    entry = Entry.objects.create(edition=rush, title=municipality.name, state=EntryState.DRAFT)
    EntryMunicipality.objects.create(entry=entry, municipality=municipality, edition=rush)
    user = User.objects.create_user(
        f"kontakt{municipality.code}", f"k{municipality.code}@example.org"
    )
    MunicipalityContact.objects.create(user=user, municipality=municipality)
    contacts.append(
        {
            "session": session_for(user, False),
            "entry": entry.pk,
            "questions": [q.pk for q in questions],
        }
    )

# Jury work: the 2027 edition with 30 submitted entries for its jurors to read.
edition = Edition.objects.get(slug="sveriges-digitaliseringskommun-2027")
have = Entry.objects.filter(edition=edition).count()
taken = set(
    EntryMunicipality.objects.filter(edition=edition).values_list("municipality", flat=True)
)
for municipality in Municipality.objects.exclude(pk__in=taken).order_by("code")[
    : max(0, 30 - have)
]:
    entry = Entry.objects.create(
        edition=edition,
        title=municipality.name,
        state=EntryState.SUBMITTED,
        submitted_at=now - timedelta(days=3),
    )
    EntryMunicipality.objects.create(entry=entry, municipality=municipality, edition=edition)
jurors = []
for member in JuryMember.objects.filter(edition=edition):
    for entry in declaration_candidates(member).exclude(conflict_declarations__member=member):
        conflict_declare(member=member, entry=entry, has_conflict=False)
for member in JuryMember.objects.filter(
    edition=edition, role__in=["juror", "chair"]
).select_related("user"):
    jurors.append({"session": session_for(member.user, True), "username": member.user.username})

# The gala: a decided edition whose announcement moment is set by the load script.
gala = Edition.objects.get(slug="sveriges-digitaliseringskommun-2023")
json.dump(
    {
        "contacts": contacts,
        "jurors": jurors,
        "motivation": gala.motivation[:60],
        "entries": Entry.objects.filter(edition=edition).count(),
    },
    sys.stdout,
)
