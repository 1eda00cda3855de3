"""The organiser's day-by-day picture of registrations and submissions against the deadline,
with the same numbers in a table."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from awards.models import Entry
from awards.selectors import entries_per_day
from tests import factories

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day, hour=12):
    return datetime(2027, 3, day, hour, tzinfo=STOCKHOLM)


def test_entries_per_day_counts_cumulatively_in_swedish_days():
    edition = factories.make_edition(
        registration_opens_at=at(1), submission_deadline=at(10, 23), finalists_announce_at=None
    )
    # 23:30 UTC on the 2nd is 00:30 on the 3rd in Sweden: it counts on the 3rd.
    with time_machine.travel(datetime(2027, 3, 2, 23, 30, tzinfo=ZoneInfo("UTC"))):
        late = factories.make_entry(edition, "Växjö", submit=False)
    with time_machine.travel(at(3, 9)):
        factories.make_entry(edition, "Umeå", submit=False)
    with time_machine.travel(at(5)):
        factories.make_entry(edition, "Luleå")
    Entry.objects.filter(pk=late.pk).update(submitted_at=at(6), state="submitted")
    with time_machine.travel(at(7)):
        chart = entries_per_day(edition)
    rows = [(d.day.day, d.registered, d.submitted) for d in chart.days]
    assert rows[0] == (3, 2, 0)
    assert (5, 3, 0) in rows
    assert (6, 3, 1) in rows  # Växjö submitted on the 6th
    # The lines end at the last day with figures (the factory submits Luleå on the 9th, after
    # "today", the 7th), not at the deadline: the days after have no figures yet. The axis runs
    # on to the deadline, with today marked on it.
    assert rows[-1] == (9, 3, 2)
    assert chart.axis_end.day == 10
    assert chart.deadline.day == 10
    assert chart.deadline_x == 100.0
    assert chart.today_x == round(100 * 4 / 7, 2)
    assert chart.registered_points.startswith("0.00,14.67")


def test_the_chart_and_its_table_are_on_the_organisers_page():
    edition = factories.make_edition()
    factories.make_entry(edition, "Växjö")
    organiser = factories.make_organiser(edition)
    from django.test import Client

    client = Client()
    client.force_login(organiser)
    body = client.get(reverse("awards:edition-manage", args=[edition.slug])).content.decode()
    assert "<polyline" in body
    assert 'role="img"' in body
    assert "<caption>" in body
