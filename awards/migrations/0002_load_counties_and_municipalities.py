"""Load Sweden's 21 counties and 290 municipalities.

The facts are SCB's (Statistics Sweden) official codes, via a CC0 public dataset cross-checked
against a second source; the CSV files in awards/data/ are copies of ../shared/data/. Codes are
strings and keep their leading zero ("0114" is Upplands Väsby).
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    County = apps.get_model("awards", "County")
    Municipality = apps.get_model("awards", "Municipality")
    for row in read("lan.csv"):
        County.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for row in read("kommuner.csv"):
        Municipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "county_id": row["county_code"]}
        )


def unload(apps, schema_editor):
    apps.get_model("awards", "Municipality").objects.all().delete()
    apps.get_model("awards", "County").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
