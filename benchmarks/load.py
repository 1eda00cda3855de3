"""Load at the two peaks, with locust against gunicorn on PostgreSQL, loopback only.

    .venv/bin/python benchmarks/load.py [--seconds 20] [--workers 3]   (or: make bench)

Creates a throwaway database, loads the demo plus a benchmark edition with 290 municipalities'
draft entries and an edition whose winner is announced while the script runs, starts gunicorn
with production settings, and runs bounded phases (each a fixed number of seconds):

1. /healthz alone: the yardstick every figure is compared with (same users, same machine).
2. Deadline rush: 290 contacts autosave their answers and submit in the last minutes while 10
   jurors browse. Zero errors, and afterwards every acknowledged save is in the database.
3. Autosave alone, for its throughput against /healthz (target >= 20 %).
4. Gala minute: visitors hammer the winner's edition page and the award page across the
   announcement moment. Before it no response may contain the winner's motivation, after it
   every response must (target >= 50 % of /healthz).
5. Jury work: jurors load their entry list of 30 entries (target >= 8 %).

Sessions are made by the set-up (one per person, as a sign-in would leave them), so that the
password hashing of 300 sign-ins does not crowd out what is measured.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import gevent
import psycopg
from locust import FastHttpUser, constant, constant_pacing, events, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EDITION = "sveriges-digitaliseringskommun-2027"
GALA = "sveriges-digitaliseringskommun-2023"

SETUP = Path(__file__).with_name("load_setup.py")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args, capture=True):
    return subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


class Phase:
    """Users of one kind for a fixed time, with locust's statistics for just that time."""

    def __init__(self, host, user_classes, users, seconds, warmup=3):
        self.env = Environment(user_classes=user_classes, host=host, events=events)
        self.env.create_local_runner()
        self.users, self.seconds, self.warmup = users, seconds, warmup

    def run(self):
        runner = self.env.runner
        runner.start(self.users, spawn_rate=max(self.users, 1) * 4)
        gevent.sleep(self.warmup)
        runner.stats.reset_all()
        started = time.monotonic()
        gevent.sleep(self.seconds)
        elapsed = time.monotonic() - started
        stats = {name: entry for (name, _method), entry in runner.stats.entries.items()}
        figures = {
            name: {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": entry.num_requests / elapsed,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
            }
            for name, entry in stats.items()
        }
        runner.quit()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each measured phase")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="juryrum_load")
    args = parser.parse_args()

    recreate_database(args.admin_url, args.database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": args.admin_url.rsplit("/", 1)[0] + f"/{args.database}",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-" + "kq3VbT9xW2mPz8rLc5NfH1yJd7sGa4uEo6iKt0ZnRbYwQeXvMhUj",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        "EMAIL_URL": "dummy:",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="juryrum-load-static-"),
        "LOG_LEVEL": "WARNING",
    }
    print("Setting up (migrate, demo, 290 contacts, sessions)...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    data = json.loads(
        manage(env, "shell", "--no-imports", "-c", SETUP).stdout.strip().splitlines()[-1]
    )
    print(
        f"  {len(data['contacts'])} contacts, {len(data['jurors'])} jurors, "
        f"{data['entries']} entries in the jury's edition",
        flush=True,
    )

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(host + "/healthz", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        results = run_phases(host, data, args, env)
    finally:
        server.terminate()
        server.wait(timeout=20)
    report(results, args)


def run_phases(host, data, args, env):
    contacts = iter(data["contacts"])
    jurors = data["jurors"]
    acknowledged = {}  # (entry, question) -> last text the server said it saved
    submitted = set()
    lock = threading.Lock()

    class Health(FastHttpUser):
        wait_time = constant(0)

        @task
        def healthz(self):
            self.client.get("/healthz", name="/healthz")

    class Contact(FastHttpUser):
        """A contact in the last minutes: autosaves both answers every 2 s, then submits."""

        wait_time = constant_pacing(2)

        def on_start(self):
            self.me = next(contacts)
            self.client.cookiejar.set_cookie(cookie("sessionid", self.me["session"], host))
            self.section = f"/entries/{self.me['entry']}/sections/1/"
            self.versions = dict.fromkeys(self.me["questions"], 0)
            self.saves = 0
            page = self.client.get(self.section, name="section page")
            self.token = csrf(page.text)

        @task
        def autosave(self):
            self.saves += 1
            if self.saves > 6 and self.me["entry"] not in submitted:
                return self.submit()
            question = self.me["questions"][self.saves % 2]
            text = f"Svar {self.saves} från {self.me['entry']} om digitalisering."
            data = {
                f"q{question}": text,
                f"v{question}": self.versions[question],
                "csrfmiddlewaretoken": self.token,
            }
            with self.client.post(
                self.section,
                data=data,
                name="autosave",
                headers={"HX-Request": "true", "Referer": host + self.section},
                catch_response=True,
            ) as response:
                if response.status_code == 200 and "Sparat" in response.text:
                    self.versions[question] += 1
                    with lock:
                        acknowledged[(self.me["entry"], question)] = text
                else:
                    response.failure(f"autosave: {response.status_code}")

        def submit(self):
            url = f"/entries/{self.me['entry']}/submit/"
            with self.client.post(
                url,
                data={"confirm": "on", "csrfmiddlewaretoken": self.token},
                name="submit",
                headers={"Referer": host + url},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code == 302:
                    with lock:
                        submitted.add(self.me["entry"])
                else:
                    response.failure(f"submit: {response.status_code}")

    class Juror(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            me = jurors[id(self) % len(jurors)]
            self.client.cookiejar.set_cookie(cookie("sessionid", me["session"], host))

        @task
        def entry_list(self):
            with self.client.get(
                f"/jury/{EDITION}/rounds/1/", name="juror entry list", catch_response=True
            ) as response:
                if response.status_code != 200 or response.text.count('href="/jury/') < 30:
                    response.failure(f"entry list: {response.status_code}")

    class Browsing(Juror):
        wait_time = constant_pacing(1)

    class AutosaveOnly(Contact):
        wait_time = constant(0)

        @task
        def autosave(self):
            self.saves = 1  # never submits: autosave alone
            Contact.autosave(self)

    moment = {}

    class Visitor(FastHttpUser):
        wait_time = constant(0)

        @task
        def winner_page(self):
            sent = time.time()
            with self.client.get(
                f"/editions/{GALA}/", name="winner page", catch_response=True
            ) as response:
                received = time.time()
                shown = data["motivation"] in response.text
                if response.status_code != 200:
                    response.failure(f"winner page: {response.status_code}")
                elif received < moment["at"] and shown:
                    response.failure("winner shown before the moment")
                elif sent >= moment["at"] and not shown:
                    response.failure("winner missing after the moment")

    results = {}
    print("Phase 1: /healthz", flush=True)
    results["healthz"] = Phase(host, [Health], 20, args.seconds).run()
    print("Phase 2: deadline rush (290 contacts + 10 jurors browsing)", flush=True)
    Contact.weight, Browsing.weight = 290, 10
    rush = Phase(host, [Contact, Browsing], 300, max(args.seconds, 20), warmup=5)
    results["rush"] = rush.run()
    stored = stored_answers(env)
    lost = [key for key, text in acknowledged.items() if stored.get(key) != text]
    print(
        f"  acknowledged saves: {len(acknowledged)} answers, lost: {len(lost)}; "
        f"submitted: {len(submitted)}, in the database: {submitted_count(env)}",
        flush=True,
    )
    results["rush_check"] = {
        "acknowledged": len(acknowledged),
        "lost": len(lost),
        "submitted": len(submitted),
        "stored": submitted_count(env),
    }
    print("Phase 3: autosave alone", flush=True)
    contacts = iter(data["contacts"][:20])
    results["autosave"] = Phase(host, [AutosaveOnly], 20, args.seconds).run()
    print("Phase 4: gala minute", flush=True)
    moment["at"] = time.time() + 5 + args.seconds / 2
    set_moment(env, moment["at"])
    results["gala"] = Phase(host, [Visitor], 20, args.seconds).run()
    print("Phase 5: jury work", flush=True)
    results["jury"] = Phase(host, [Juror], 20, args.seconds).run()
    return results


def cookie(name, value, host):
    from http.cookiejar import Cookie

    domain = host.split("//")[1].split(":")[0]
    return Cookie(
        0,
        name,
        value,
        None,
        False,
        domain,
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


def csrf(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def sql(env, query, params=()):
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
        return conn.execute(query, params).fetchall()


def stored_answers(env):
    rows = sql(env, "SELECT entry_id, question_id, text FROM awards_answer")
    return {(entry, question): text for entry, question, text in rows}


def submitted_count(env):
    return sql(
        env,
        "SELECT count(*) FROM awards_entry e JOIN awards_edition d "
        "ON e.edition_id = d.id WHERE d.slug = 'lastprov-2027' "
        "AND e.state = 'submitted'",
    )[0][0]


def set_moment(env, at):
    sql(env, "UPDATE awards_edition SET announce_at = to_timestamp(%s) WHERE slug = %s", (at, GALA))


def report(results, args):
    health = results["healthz"]["/healthz"]["rps"]
    print(
        f"\nMachine: {os.cpu_count()} cores; gunicorn {args.workers} sync workers; "
        f"PostgreSQL; {args.seconds} s per phase\n"
    )
    print(
        f"{'phase / request':<32}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>8}"
        f"{'of /healthz':>13}"
    )
    targets = {
        ("autosave", "autosave"): 0.20,
        ("gala", "winner page"): 0.50,
        ("jury", "juror entry list"): 0.08,
    }
    for phase, figures in results.items():
        if phase == "rush_check":
            continue
        for name, f in sorted(figures.items()):
            ratio = f["rps"] / health
            target = targets.get((phase, name))
            mark = "" if target is None else (" ok" if ratio >= target else f" < {target:.0%}")
            print(
                f"{phase + ' / ' + name:<32}{f['rps']:8.1f}{f['p50']:7.0f}{f['p95']:7.0f}"
                f"{f['p99']:7.0f}{f['failures']:8d}{ratio:12.0%}{mark}"
            )
    check = results["rush_check"]
    print(
        f"\nDeadline rush: {check['acknowledged']} acknowledged answers, {check['lost']} lost; "
        f"{check['submitted']} acknowledged submissions, {check['stored']} submitted in the "
        "database. Times in ms."
    )


if __name__ == "__main__":
    main()
