"""Requests per second on PostgreSQL with and without persistent connections.

Creates a throwaway database, migrates it and loads the demo, then serves it with gunicorn
(one sync worker) twice: CONN_MAX_AGE=0 (a new connection per request) and CONN_MAX_AGE=600.
Each run sends the same bounded number of sequential requests to two public pages on 127.0.0.1.

    .venv/bin/python benchmarks/conn_reuse.py [--requests 400] [--database-url postgres://...]

Its helpers (a free port, a throwaway database, waiting for gunicorn, the CPU each part of
the machine used) serve load.py and throughput.py too.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGES = ["/", "/editions/sveriges-digitaliseringskommun-2023/"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time used so far by the app server (gunicorn and its workers), PostgreSQL (every
    postgres process) and this load generator, and by the whole machine, from /proc (Linux).
    Empty where there is no /proc."""
    try:
        with open("/proc/stat") as stat:
            machine = [int(n) for n in stat.readline().split()[1:]]
    except OSError:
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    used = {"app": 0, "postgres": 0, "load": 0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                line = stat.read()
        except OSError:
            continue  # ended meanwhile
        name = line[line.index("(") + 1 : line.rindex(")")]
        fields = line[line.rindex(")") + 2 :].split()
        parent, cpu = int(fields[1]), int(fields[11]) + int(fields[12])
        if int(pid) == server_pid or parent == server_pid:
            used["app"] += cpu
        elif name == "postgres":
            used["postgres"] += cpu
        elif int(pid) == os.getpid():
            used["load"] += cpu
    # /proc/stat: user nice system idle iowait irq softirq steal ...; busy is all but idle.
    used["machine"] = sum(machine[:8]) - machine[3] - machine[4]
    return {group: ticks / tick for group, ticks in used.items()}


def measure(env: dict, requests: int) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        for path in PAGES:  # warm-up: templates, translations, first connection
            for _ in range(10):
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
        latencies = []
        started = time.perf_counter()
        for i in range(requests):
            path = PAGES[i % len(PAGES)]
            t0 = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
                response.read()
                assert response.status == 200
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "rps": requests / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="juryrum_bench")
    args = parser.parse_args()

    recreate_database(args.admin_url, args.database)
    database_url = args.admin_url.rsplit("/", 1)[0] + f"/{args.database}"
    base_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-" + "kq3VbT9xW2mPz8rLc5NfH1yJd7sGa4uEo6iKt0ZnRbYwQeXvMhUj",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--allow-production"]):
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *command], cwd=ROOT, env=base_env, check=True, capture_output=True
        )
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=base_env,
        check=True,
    )

    print(f"{args.requests} sequential requests to {', '.join(PAGES)}; gunicorn, 1 sync worker")
    print(f"{'CONN_MAX_AGE':>12}  {'req/s':>7}  {'median ms':>9}  {'p95 ms':>7}")
    for age in ("0", "600"):
        result = measure({**base_env, "CONN_MAX_AGE": age}, args.requests)
        print(
            f"{age:>12}  {result['rps']:7.1f}  {result['median_ms']:9.2f}  {result['p95_ms']:7.2f}"
        )


if __name__ == "__main__":
    main()
