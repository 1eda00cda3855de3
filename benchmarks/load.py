"""Load at the two peaks, with locust against gunicorn on PostgreSQL, loopback only.

    .venv/bin/python benchmarks/load.py [--seconds 20] [--workers 3] [--rounds 3]
                                        [--phases autosave,...]
    (or: make bench, BENCH_ARGS="..." for the options)

Creates a throwaway database, loads the demo plus a benchmark edition with 290 municipalities'
draft entries and an edition whose winner is announced while the script runs, starts gunicorn
with production settings, and runs bounded phases (each a fixed number of seconds):

1. /healthz alone: the yardstick every figure is compared with (same users, same machine),
   measured before the first phase and again after each; a phase's ratio is to the mean of the
   two measured around it, which this shared machine's drift moves less than one measurement.
   Each phase also reports the CPU time gunicorn, PostgreSQL and locust spent per request.
2. Autosave alone (20 contacts), for its throughput against /healthz (target >= 20 %).
3. Gala minute: visitors hammer the winner's edition page and the award page across the
   announcement moment. Before it no response may contain the winner's motivation, after it
   every response must (target >= 50 % of /healthz).
4. Jury work: jurors load their entry list of 30 entries (target >= 8 %).
5. Deadline rush: 290 contacts autosave their answers and submit in the last minutes while 10
   jurors browse. Zero errors, and afterwards every acknowledged save is in the database.

Autosave, gala and jury are measured --rounds times (3 unless told), each against its own
/healthz pair, and each target is judged on the median of its rounds: on these shared machines
one 20-second measurement can land in a slow spell. The rush runs once, last, because its
contacts submit their entries. Errors, or a save acknowledged and then missing, fail the run.

Sessions are made by the set-up (one per person, as a sign-in would leave them), so that the
password hashing of 300 sign-ins does not crowd out what is measured.
"""

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import gevent
import psycopg
from conn_reuse import cpu_seconds, free_port, recreate_database  # shared with the others
from locust import FastHttpUser, constant, constant_pacing, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EDITION = "sveriges-digitaliseringskommun-2027"
GALA = "sveriges-digitaliseringskommun-2023"
# Each page's throughput as a share of /healthz's, at least.
TARGETS = {
    ("autosave", "autosave"): 0.20,
    ("gala", "winner page"): 0.50,
    ("jury", "juror entry list"): 0.08,
}
VERSION = re.compile(r'name="v(\d+)" id="id_v\d+" value="(\d+)"')

SETUP = Path(__file__).with_name("load_setup.py")
PHASES = ("autosave", "rush", "gala", "jury")


def manage(env, *args, capture=True):
    try:
        return _manage(env, *args, capture=capture)
    except subprocess.CalledProcessError as failed:
        print(failed.stderr, file=sys.stderr)
        raise


def _manage(env, *args, capture=True):
    return subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


class Phase:
    """Users of one kind for a fixed time, with locust's statistics for just that time and
    the CPU time each part of the machine spent on it."""

    server_pid = 0  # set once gunicorn runs

    def __init__(self, host, user_classes, users, seconds, warmup=3):
        # At the end, each user finishes the request it has started (its figures are not
        # counted; what the server acknowledged is, for the rush's check).
        self.env = Environment(user_classes=user_classes, host=host, stop_timeout=10)
        self.env.create_local_runner()
        self.users, self.seconds, self.warmup = users, seconds, warmup

    def run(self):
        runner = self.env.runner
        runner.start(self.users, spawn_rate=max(self.users, 1) * 4)
        if self.warmup:  # what the users do while they start is not counted
            gevent.sleep(self.warmup)
            runner.stats.reset_all()
        cpu_before = cpu_seconds(self.server_pid)
        started = time.monotonic()
        gevent.sleep(self.seconds)
        elapsed = time.monotonic() - started
        cpu_after = cpu_seconds(self.server_pid)
        cpu = {group: cpu_after[group] - cpu_before[group] for group in cpu_after}
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
        requests = sum(f["requests"] for f in figures.values())
        if cpu and requests:
            # Milliseconds of CPU per request, by part: where a request's cost lies.
            figures["cpu"] = {group: 1000 * spent / requests for group, spent in cpu.items()}
        runner.stop()  # each user finishes its request (stop_timeout)
        gevent.sleep(1)
        runner.quit()
        # Errors count to the last request, those that ended after the measured time too.
        for name, entry in stats.items():
            figures[name]["failures"] = entry.num_failures
        for error in runner.stats.errors.values():
            print(f"  error x{error.occurrences}: {error.name}: {error.error}"[:300], flush=True)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each measured phase")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="juryrum_load")
    parser.add_argument(
        "--phases",
        default=",".join(PHASES),
        help=f"which phases to run, of {','.join(PHASES)} (/healthz always runs, first and last)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="how many times to measure each phase but the rush (which runs once, last); "
        "a target is judged on the median of the rounds",
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    args.phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    if unknown := set(args.phases) - set(PHASES):
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")

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
        manage(env, "shell", "--no-imports", "-c", SETUP.read_text())
        .stdout.strip()
        .splitlines()[-1]
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
        Phase.server_pid = server.pid
        results = run_phases(host, data, args, env)
    finally:
        server.terminate()
        server.wait(timeout=20)
    # The targets are reported; errors and lost saves fail the run (exit status 1).
    sys.exit(0 if report(results, args) else 1)


def run_phases(host, data, args, env):
    contacts = iter(())  # set before each phase that needs contacts
    jurors = data["jurors"]
    acknowledged = {}  # (entry, question) -> last text the server said it saved
    submitted = set()
    entries_listed = set()
    lock = threading.Lock()

    class Health(FastHttpUser):
        wait_time = constant(0)

        @task
        def healthz(self):
            self.client.get("/healthz", name="/healthz")

    class Contact(FastHttpUser):
        """A contact in the last minutes: autosaves every 2 s, submits after three saves."""

        wait_time = constant_pacing(2)
        submits = True

        def on_start(self):
            self.me = next(contacts)
            self.section = f"/entries/{self.me['entry']}/sections/1/"
            self.versions = dict.fromkeys(self.me["questions"], 0)
            self.texts = dict.fromkeys(self.me["questions"], "")
            self.saves = 0
            # Production cookies are Secure and this runs over plain HTTP on loopback, so the
            # cookies go back by hand, as a browser behind TLS would send them.
            self.cookies = f"sessionid={self.me['session']}"
            page = self.client.get(
                self.section, name="section page", headers={"Cookie": self.cookies}
            )
            self.token = csrf(page.text)
            # What the browser's form holds: each answer's text and the version it was loaded at.
            for pk in self.me["questions"]:
                field = re.search(rf'<textarea name="q{pk}"[^>]*>(.*?)</textarea>', page.text, re.S)
                self.texts[pk] = html.unescape(field.group(1)).strip() if field else ""
                version = re.search(rf'name="v{pk}" value="(\d+)"', page.text)
                self.versions[pk] = int(version.group(1)) if version else 0
            match = re.search(r"csrftoken=([^;]+)", str(page.headers))
            self.cookies += f"; csrftoken={match.group(1)}"

        @task
        def autosave(self):
            self.saves += 1
            if self.me["entry"] in submitted:
                return None  # submitted: this contact is done
            if self.submits and self.saves > 3:
                return self.submit()
            # The whole section, as the browser's autosave sends it, with one answer changed.
            question = self.me["questions"][self.saves % 2]
            self.texts[question] = f"Svar {self.saves} från {self.me['entry']} om digitalisering."
            data = {"csrfmiddlewaretoken": self.token}
            for pk in self.me["questions"]:
                data[f"q{pk}"] = self.texts[pk]
                data[f"v{pk}"] = self.versions[pk]
            with self.client.post(
                self.section,
                data=data,
                name="autosave",
                headers={"HX-Request": "true", "Cookie": self.cookies},
                catch_response=True,
            ) as response:
                if response.status_code == 200 and "Sparat" in response.text:
                    for pk, version in VERSION.findall(response.text):
                        self.versions[int(pk)] = int(version)
                    with lock:
                        for pk, text in self.texts.items():
                            if text:
                                acknowledged[(self.me["entry"], pk)] = text
                else:
                    body = " ".join(response.text.split())[:300]
                    response.failure(f"autosave: {response.status_code} {body}")

        def submit(self):
            url = f"/entries/{self.me['entry']}/submit/"
            with self.client.post(
                url,
                data={"confirm": "on", "csrfmiddlewaretoken": self.token},
                name="submit",
                headers={"Cookie": self.cookies},
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
            self.cookies = f"sessionid={me['session']}"

        @task
        def entry_list(self):
            with self.client.get(
                f"/jury/{EDITION}/rounds/1/",
                name="juror entry list",
                headers={"Cookie": self.cookies},
                catch_response=True,
            ) as response:
                listed = response.text.count("/rounds/1/entries/")
                entries_listed.add(listed)
                if response.status_code != 200 or listed < 25:
                    response.failure(f"entry list: {response.status_code}, {listed} entries")

    class Browsing(Juror):
        wait_time = constant_pacing(1)

    class AutosaveOnly(Contact):
        """Autosave as fast as the server answers, never submitting."""

        wait_time = constant(0)
        submits = False

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

    results = {"entries_listed": entries_listed, "/healthz": [], "phases": []}

    def yardstick():
        """/healthz before the first phase and after each: every phase is compared with the
        mean of the two measured around it, so that the machine's drift during a run (seen
        here: 10 % and more) moves the ratios less."""
        print("  /healthz", flush=True)
        results["/healthz"].append(Phase(host, [Health], 20, args.seconds).run())

    def measured(phase, figures):
        yardstick()
        figures["yardstick"] = sum(f["/healthz"]["rps"] for f in results["/healthz"][-2:]) / 2
        figures["round"] = round_
        results["phases"].append((phase, figures))

    round_ = 1
    yardstick()
    for round_ in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"Round {round_} of {args.rounds}", flush=True)
        if "autosave" in args.phases:
            print("Autosave alone", flush=True)
            contacts = iter(data["contacts"][:20])
            measured("autosave", Phase(host, [AutosaveOnly], 20, args.seconds).run())
        if "gala" in args.phases:
            # A new moment each round. The pages cached at the last one have expired by now
            # (they live EDITION_PAGE_CACHE_SECONDS, 10, and a /healthz phase came between).
            print("Gala minute", flush=True)
            moment["at"] = time.time() + 5 + args.seconds / 2
            set_moment(env, moment["at"])
            measured("gala", Phase(host, [Visitor], 20, args.seconds).run())
        if "jury" in args.phases:
            print("Jury work", flush=True)
            measured("jury", Phase(host, [Juror], 20, args.seconds).run())
    if "rush" in args.phases:
        # Once, last: its contacts submit, and a submitted entry takes no more autosaves.
        print("Deadline rush (290 contacts + 10 jurors browsing)", flush=True)
        contacts = iter(data["contacts"])
        Contact.weight, Browsing.weight = 290, 10
        # Counted from the first request: every save and submit of the rush must succeed.
        rush = Phase(host, [Contact, Browsing], 300, max(args.seconds, 20), warmup=0)
        figures = rush.run()
        results["rush_check"] = rush_check(env, acknowledged, submitted)
        measured("rush", figures)
    return results


def rush_check(env, acknowledged, submitted):
    stored = stored_answers(env)
    # A save still in flight when the phase ended may have stored a later text than the last
    # one acknowledged: that is no loss. Lost is an acknowledged text replaced by nothing later.
    lost = [
        key
        for key, text in acknowledged.items()
        if stored.get(key) != text and save_number(stored.get(key)) <= save_number(text)
    ]
    for key in lost[:2]:
        print(f"  lost? {key}: acknowledged {acknowledged[key]!r}, stored {stored.get(key)!r}")
    in_database = submitted_entries(env)
    unsubmitted = submitted - in_database  # acknowledged, yet a draft in the database
    print(
        f"  acknowledged saves: {len(acknowledged)} answers, lost: {len(lost)}; "
        f"submitted: {len(submitted)}, in the database: {len(in_database)}, "
        f"acknowledged but not submitted: {len(unsubmitted)}",
        flush=True,
    )
    return {
        "acknowledged": len(acknowledged),
        "lost": len(lost),
        "submitted": len(submitted),
        "stored": len(in_database),
        "unsubmitted": len(unsubmitted),
    }


def save_number(text) -> int:
    match = re.match(r"Svar (\d+) ", text or "")
    return int(match.group(1)) if match else -1


def csrf(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def sql(env, query, params=()):
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def stored_answers(env):
    rows = sql(env, "SELECT entry_id, question_id, text FROM awards_answer")
    return {(entry, question): text for entry, question, text in rows}


def submitted_entries(env) -> set[int]:
    rows = sql(
        env,
        "SELECT e.id FROM awards_entry e JOIN awards_edition d "
        "ON e.edition_id = d.id WHERE d.slug = 'lastprov-2027' "
        "AND e.state = 'submitted'",
    )
    return {pk for (pk,) in rows}


def set_moment(env, at):
    sql(env, "UPDATE awards_edition SET announce_at = to_timestamp(%s) WHERE slug = %s", (at, GALA))


def report(results, args):
    health = [f["/healthz"]["rps"] for f in results["/healthz"]]
    print(
        f"\nMachine: {os.cpu_count()} cores; gunicorn {args.workers} sync workers; "
        f"PostgreSQL; {args.seconds} s per phase\n"
        f"/healthz before the first phase and after each: "
        f"{', '.join(f'{rps:.1f}' for rps in health)} req/s "
        f"(the slowest {min(health) / max(health) - 1:+.0%} on the fastest); each phase is "
        "compared with the mean of the two around it\n"
    )
    print(
        f"{'phase / request':<32}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>8}"
        f"{'/healthz':>10}{'ratio':>7}"
    )
    ratios = {}  # (phase, request) -> its ratio in each round
    every = [f for _phase, f in results["phases"]] + results["/healthz"]
    errors = sum(
        f["failures"]
        for figures in every
        for f in figures.values()
        if isinstance(f, dict) and "failures" in f
    )
    for phase, figures in results["phases"]:
        label = f"{phase} {figures['round']}" if args.rounds > 1 and phase != "rush" else phase
        for name, f in sorted(figures.items()):
            if not isinstance(f, dict) or "rps" not in f or not f["requests"]:
                continue  # (pages a user loads once, at its start, fall in the warm-up)
            ratio = f["rps"] / figures["yardstick"]
            ratios.setdefault((phase, name), []).append(ratio)
            target = TARGETS.get((phase, name))
            mark = "" if target is None else (" ok" if ratio >= target else f" < {target:.0%}")
            print(
                f"{label + ' / ' + name:<32}{f['rps']:8.1f}{f['p50']:7.0f}{f['p95']:7.0f}"
                f"{f['p99']:7.0f}{f['failures']:8d}{figures['yardstick']:10.1f}{ratio:7.0%}{mark}"
            )
    print(f"\nTargets, on the median of {args.rounds} round(s):")
    for (phase, name), target in TARGETS.items():
        if measured := ratios.get((phase, name)):
            middle = statistics.median(measured)
            verdict = "met" if middle >= target else "NOT met"
            print(
                f"  {phase} / {name}: median {middle:.1%} (rounds: "
                f"{', '.join(f'{r:.1%}' for r in measured)}), target {target:.0%}: {verdict}"
            )
    print("\nCPU ms per request (app: gunicorn; load: this script; other: kernel and the rest)")
    print(f"{'phase':<32}{'app':>8}{'postgres':>10}{'load':>8}{'other':>8}{'machine':>9}")
    phases = [("/healthz (first)", results["/healthz"][0])]
    phases += [
        (f"{phase} {f['round']}" if args.rounds > 1 and phase != "rush" else phase, f)
        for phase, f in results["phases"]
        if "cpu" in f
    ]
    for phase, figures in phases:
        if cpu := figures.get("cpu"):
            other = cpu["machine"] - cpu["app"] - cpu["postgres"] - cpu["load"]
            print(
                f"{phase:<32}{cpu['app']:8.2f}{cpu['postgres']:10.2f}{cpu['load']:8.2f}"
                f"{other:8.2f}{cpu['machine']:9.2f}"
            )
    if check := results.get("rush_check"):
        print(
            f"\nDeadline rush: {check['acknowledged']} acknowledged answers, {check['lost']} "
            f"lost; {check['submitted']} acknowledged submissions, {check['stored']} submitted "
            "in the database."
        )
    print("Times in ms.")
    lost = check.get("lost", 0) if check else 0
    unsubmitted = check.get("unsubmitted", 0) if check else 0
    sound = errors == lost == unsubmitted == 0
    print(
        "\nNo errors, nothing lost."
        if sound
        else f"\nFAILED: {errors} errors, {lost} acknowledged saves lost, "
        f"{unsubmitted} acknowledged submissions not in the database."
    )
    return sound


if __name__ == "__main__":
    main()
