"""Benchmark of the key pages under gunicorn (not a timed test).

    .venv/bin/python bench/pages.py [--cases 10000] [--seconds 5] [--connections 8] [--no-doc]

Builds a fresh embedded database in its own VAR_DIR (``bootstrap``, then ``seed_load --cases
N`` when N > 0; with DATABASE_URL set it uses that database instead and seeds it if asked),
starts gunicorn as ``runportal`` does (2 workers, access log) on bench/oneline_wsgi.py, which
answers a one-line path itself and passes every other request to the portal, signs in as
each role and loads each page with N keep-alive connections (threads + http.client) for a
fixed time. Prints requests per second, the 95th percentile of the latency and the share of
the sign-in page's rate, and writes the table into docs/performance.md (one section per
database size). The client is Python on the same machine: it takes CPU from the server, so
the one-line row is the ceiling of this set-up, not of gunicorn.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DOC = BASE_DIR / "docs" / "performance.md"
ONE_LINE_PATH = "/bench/one-line/"  # bench/oneline_wsgi.py
HOST = "127.0.0.1"


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def parse_set_cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.will_close:
        conn.close()  # gunicorn's sync workers close after each response; reconnect next time
    return response.status


def measure(
    port: int,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    seconds: float = 5.0,
    connections: int = 8,
    host: str = HOST,
) -> Result:
    """GET ``path`` over ``connections`` connections for ``seconds``; anything but 200 counts
    as an error. Latencies are of the successful requests."""
    headers = {"Cookie": cookie_header(cookies)} if cookies else {}
    results = [Result() for _ in range(connections)]
    deadline = time.perf_counter() + seconds

    def run(result: Result) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                status = _get(conn, path, headers)
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            if status == 200:
                result.requests += 1
                result.latencies.append(time.perf_counter() - start)
            else:
                result.errors += 1
        conn.close()

    threads = [threading.Thread(target=run, args=(r,)) for r in results]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Result(seconds=time.perf_counter() - start)
    for r in results:
        total.requests += r.requests
        total.errors += r.errors
        total.latencies += r.latencies
    return total


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """The cookies of a session signed in through the sign-in page, as a browser does."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    html = response.read().decode()
    cookies = parse_set_cookies(response.getheaders())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    conn.close()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
        },
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    cookies |= parse_set_cookies(response.getheaders())
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"sign-in as {username} failed (HTTP {response.status})")
    return cookies


def fetch(port: int, path: str, cookies: dict[str, str]) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie_header(cookies)})
    body = conn.getresponse().read().decode()
    conn.close()
    return body


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=sys.stderr
    )


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """gunicorn as runportal starts it (2 workers, access log), on the bench's WSGI entry."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "oneline_wsgi:application",
        "--pythonpath",
        f"{BASE_DIR / 'bench'},{BASE_DIR}",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "2",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
    ]
    server = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn did not start; see {log}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            if _get(conn, ONE_LINE_PATH, {}) == 200:
                return server
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def accounts(var_dir: Path) -> dict[str, tuple[str, str]]:
    """Role → (username, password): the demo accounts, the load unit's staff when seeded."""
    found = {}
    for name in ("demo_accounts.json", "load_accounts.json"):
        path = var_dir / name
        if path.exists():
            for account in json.loads(path.read_text("utf-8")):
                found[(name, account["username"])] = (account["username"], account["password"])
    chosen = {
        "applicant": found[("demo_accounts.json", "applicant")],
        "unit": found[("demo_accounts.json", "unit")],
        "reviewer": found[("demo_accounts.json", "reviewer")],
    }
    load_unit = [
        v for (file, user), v in found.items() if file.startswith("load") and "unit" in user
    ]
    if load_unit:
        chosen["unit"] = load_unit[0]  # a unit of the load, with its share of the cases
    return chosen


# (label, role, path) of the pages measured after the one-line view, in the order of the
# table; the reviewer's PR3 case page (the first of the queue) is added when there is one.
KEY_PAGES = [
    ("sign-in page", "anonymous", "/login/"),
    ("applicant home", "applicant", "/me/"),
    ("applicant materials", "applicant", "/me/materials/"),
    ("unit home", "unit", "/unit/"),
    ("unit employees", "unit", "/permits/unit/employees/"),
    ("reviewer unit-case queue", "reviewer", "/review/"),
    ("reviewer PR3 queue", "reviewer", "/review/permits/"),
]
CASE_PAGE = "PR3 case page (reviewer)"


def first_case(queue_html: str) -> str | None:
    """The path of the first case of the reviewer's PR3 queue page."""
    case = re.search(r'href="(/review/permits/\d+/)"', queue_html)
    return case.group(1) if case else None


def pages(port: int, var_dir: Path) -> list[tuple[str, str, dict[str, str] | None]]:
    """(label, path, cookies) of every page measured, in the order of the table."""
    signed = {role: sign_in(port, *account) for role, account in accounts(var_dir).items()}
    signed["anonymous"] = None
    rows = [("one-line view (bench WSGI)", ONE_LINE_PATH, None)]
    rows += [(label, path, signed[role]) for label, role, path in KEY_PAGES]
    case = first_case(fetch(port, "/review/permits/", signed["reviewer"]))
    if case:
        rows.append((CASE_PAGE, case, signed["reviewer"]))
    return rows


def table(results: list[tuple[str, str, Result]]) -> list[str]:
    signin = next(r.rate for label, _path, r in results if label == "sign-in page")
    lines = [
        "| page | path | req/s | p95 ms | share of the sign-in page | errors |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label, path, r in results:
        share = f"{100 * r.rate / signin:.0f} %" if signin else "—"
        lines.append(
            f"| {label} | `{path}` | {r.rate:,.0f} | {r.p95_ms:.1f} | {share} | {r.errors} |"
        )
    return lines


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = subprocess.run(
        [sys.executable, "-c", "import django; print(django.get_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs (nproc), {memory:.0f} GiB memory, {platform.platform()}, "
        f"Python {platform.python_version()}, Django {versions}"
    )


def write_doc(section: str, body: list[str]) -> None:
    """Replace (or append) the section between its markers in docs/performance.md."""
    begin, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    text = DOC.read_text("utf-8") if DOC.exists() else "# Performance\n"
    block = "\n".join([begin, *body, end])
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=0, help="seed_load cases (0: demo data)")
    parser.add_argument(
        "--seeded",
        action="store_true",
        help="the database (DATABASE_URL, --var-dir) already holds --cases load cases",
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--var-dir", help="default: a new temporary directory")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()

    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="bench-pages-"))
    env = {**os.environ, "VAR_DIR": str(var_dir)}
    database = "PostgreSQL (DATABASE_URL)" if env.get("DATABASE_URL") else "SQLite (embedded)"
    print(f"VAR_DIR {var_dir}; database: {database}", file=sys.stderr)
    started = time.perf_counter()
    manage(env, "bootstrap")
    if args.cases and not args.seeded:
        manage(env, "seed_load", "--cases", str(args.cases))
    print(f"database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    server = start_gunicorn(env, args.port, var_dir / "bench-web.log")
    try:
        results = []
        for label, path, cookies in pages(args.port, var_dir):
            result = measure(
                args.port,
                path,
                cookies=cookies,
                seconds=args.seconds,
                connections=args.connections,
            )
            print(f"{label}: {result.rate:,.0f} req/s", file=sys.stderr)
            results.append((label, path, result))
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=15)

    size = f"{args.cases:,} cases (seed_load)" if args.cases else "demo data"
    command = "python bench/pages.py " + shlex.join(sys.argv[1:])
    lines = table(results)
    print(
        f"\n{size}, {database}, gunicorn 2 workers, {args.connections} connections, "
        f"{args.seconds:g} s per page"
    )
    print("\n".join(lines))
    if not args.no_doc:
        engine = "pg" if env.get("DATABASE_URL") else "sqlite"
        write_doc(
            f"{args.cases or 'demo'}-{engine}",
            [
                f"### {size}, {database}",
                "",
                f"Machine: {machine()}.  ",
                f"Command: `{command.strip()}` ({args.connections} connections, "
                f"{args.seconds:g} s per page, gunicorn 2 workers), "
                f"{time.strftime('%Y-%m-%d')}.",
                "",
                *lines,
            ],
        )


if __name__ == "__main__":
    main()
