"""Throughput of the pages people open at once, measured with wrk, each against /healthz.

    .venv/bin/python benchmarks/throughput.py [--seconds 10] [--rounds 3] [--workers 2]
                                              [--threads 4] [--connections 20]
                                              [--cache-url redis://127.0.0.1:6379/14]

wrk (Debian's package) is the load generator: written in C, it drives /healthz several times
faster than locust does on the same machine, so a page's rate divided by /healthz's is the
server's ratio, not the generator's. To show it, each measurement also reports the CPU that
wrk, gunicorn and PostgreSQL used: wrk's share of the machine stays small beside the server's.

Creates a throwaway PostgreSQL database with the demo and the load script's data (290 draft
entries, 30 for the jury, a session per person: benchmarks/load_setup.py), starts gunicorn with
production settings (gthread workers, keep-alive) and, by default, the Redis cache, then for
each round measures /healthz, then each page followed by /healthz again; a page's ratio is its
rate over the mean of the /healthz rates just before and after it (this shared machine's speed
drifts). The figures of each page are the median of its rounds: rate, ratio, p50 and p99
latency, non-2xx responses and socket errors. Embargo correctness under load is load.py's gala
phase and tests/awards/test_public_cache.py; this script measures speed only.

The front page, an edition's page and the award page must reach half of /healthz (exit 1 if
the median does not, or on any error).
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from conn_reuse import cpu_seconds, free_port, recreate_database, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETUP = Path(__file__).with_name("load_setup.py")
EDITION = "sveriges-digitaliseringskommun-2027"
PUBLIC = {
    "front page": "/",
    "edition page": "/editions/sveriges-digitaliseringskommun-2023/",
    "award page": "/award/sveriges-digitaliseringskommun/",
    "municipality page": "/municipalities/0780/",
}
TARGET = 0.50
MUST_REACH = ("front page", "edition page", "award page")


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, args, server_pid: int, cookie: str = "") -> dict:
    """One wrk run: requests per second, latency, errors, and the CPU each part used."""
    command = [
        "wrk",
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
        url,
    ]
    if not args.keep_alive:
        # Kept alive, wrk's connections stay with whichever worker accepted them: in half the
        # runs one worker took them all and the other idled (gunicorn at 54 % of the machine).
        # Closed after each response, they spread over the workers as a balancer's would.
        command[1:1] = ["-H", "Connection: close"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = cpu_seconds(server_pid)
    started = time.monotonic()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    elapsed = time.monotonic() - started
    after = cpu_seconds(server_pid)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after_children.ru_utime + after_children.ru_stime) - (
        before_children.ru_utime + before_children.ru_stime
    )
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    socket_errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    cores = os.cpu_count() or 1
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
        # Shares of the whole machine (all cores) over the run.
        "cpu": {
            "wrk": wrk_cpu / (elapsed * cores),
            "gunicorn": (after["app"] - before["app"]) / (elapsed * cores),
            "postgres": (after["postgres"] - before["postgres"]) / (elapsed * cores),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--connections", type=int, default=20, help="wrk's open connections")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk's threads")
    parser.add_argument(
        "--keep-alive",
        action="store_true",
        help="keep wrk's connections open (they may then all land on one worker)",
    )
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/14",
        help="the shared cache (empty: each worker keeps its own, as without CACHE_URL)",
    )
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="juryrum_throughput")
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
        "STATIC_ROOT": tempfile.mkdtemp(prefix="juryrum-throughput-static-"),
        "LOG_LEVEL": "WARNING",
        "CACHE_URL": args.cache_url,
        "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
    }
    print("Setting up (migrate, demo, 290 contacts, sessions)...", flush=True)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603
    setup = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", SETUP.read_text()],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    pages = {name: (path, "") for name, path in PUBLIC.items()}
    pages["juror's entry list"] = (
        f"/jury/{EDITION}/rounds/1/",
        f"sessionid={data['jurors'][0]['session']}",
    )
    pages["contact's entries"] = ("/entries/", f"sessionid={data['contacts'][0]['session']}")

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
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--keep-alive",
            "5",
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
        wait_until_up(host)
        for path, cookie in pages.values():  # each page once, so that errors show up early
            request = urllib.request.Request(host + path, headers={"Cookie": cookie})  # noqa: S310
            assert urllib.request.urlopen(request, timeout=10).status == 200, path  # noqa: S310
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"Round {number} of {args.rounds}", flush=True)
            healthz = wrk(host + "/healthz", args, server.pid)
            figures = {}
            for name, (path, cookie) in pages.items():
                page = wrk(host + path, args, server.pid, cookie)
                after = wrk(host + "/healthz", args, server.pid)
                page["healthz"] = (healthz["rps"] + after["rps"]) / 2
                page["ratio"] = page["rps"] / page["healthz"]
                page["healthz_run"] = healthz
                figures[name] = page
                print(
                    f"  {name:22} {page['rps']:8.1f} req/s  /healthz {page['healthz']:7.1f}"
                    f"  {100 * page['ratio']:5.1f} %  p50 {page['p50']:.1f} ms"
                    f"  p99 {page['p99']:.1f} ms  errors {page['errors']}"
                    f"  CPU wrk {100 * page['cpu']['wrk']:.0f} %"
                    f" gunicorn {100 * page['cpu']['gunicorn']:.0f} %"
                    f" postgres {100 * page['cpu']['postgres']:.0f} %",
                    flush=True,
                )
                healthz = after
            rounds.append(figures)
    finally:
        server.terminate()
        server.wait(timeout=20)
    sys.exit(0 if report(rounds) else 1)


def report(rounds) -> bool:
    """The median of the rounds for each page; False if a target is missed or errors came."""
    ok = True
    print("\nMedian of the rounds (CPU: share of the whole machine during the page's run)")
    print(
        "| page | req/s | /healthz req/s | ratio | p50 ms | p99 ms | errors "
        "| CPU wrk | CPU gunicorn | CPU PostgreSQL |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in rounds[0]:
        runs = [figures[name] for figures in rounds]

        def median(key, runs=runs):
            return statistics.median(run[key] for run in runs)

        def cpu(part, runs=runs):
            return statistics.median(run["cpu"][part] for run in runs)

        errors = sum(run["errors"] for run in runs)
        ratio = median("ratio")
        mark = ""
        if name in MUST_REACH and ratio < TARGET:
            ok, mark = False, f" (target {100 * TARGET:.0f} %)"
        ok = ok and errors == 0
        print(
            f"| {name} | {median('rps'):.0f} | {median('healthz'):.0f} | "
            f"{100 * ratio:.1f} %{mark} ({', '.join(f'{100 * r["ratio"]:.0f}' for r in runs)}) | "
            f"{median('p50'):.1f} | {median('p99'):.1f} | {errors} | {100 * cpu('wrk'):.0f} % | "
            f"{100 * cpu('gunicorn'):.0f} % | {100 * cpu('postgres'):.0f} % |"
        )
    healthz = [figures[name]["healthz_run"] for figures in rounds for name in figures]
    wrk_share = statistics.median(h["cpu"]["wrk"] for h in healthz)
    app_share = statistics.median(h["cpu"]["gunicorn"] for h in healthz)
    print(
        f"\n/healthz runs: wrk used {100 * wrk_share:.0f} % of the machine, "
        f"gunicorn {100 * app_share:.0f} %."
    )
    return ok


if __name__ == "__main__":
    main()
