"""Where a page's time goes (issue 15; not a timed test).

    DATABASE_URL=… VAR_DIR=… .venv/bin/python bench/page_profile.py [--requests 50] [--top 25]

Runs in the portal's own process on the database of DATABASE_URL and VAR_DIR (as
``bench/pages.py`` left it: the demo accounts, and the load unit's staff when seeded), signs
in each role with Django's test client and requests each key page ``--requests`` times after
one warm-up request. Per page it prints the mean time of a request and how it splits: the
database (time inside the driver's execute, per query), template rendering outside the
database, and the rest (middleware, the view's Python, the ORM building queries and objects).
With ``--profile PATH`` it also prints the functions that take the most time on that page
(cProfile). The split is measured without the profiler.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402

from bench.pages import CASE_PAGE, KEY_PAGES, accounts, first_case  # noqa: E402
from portal.models import User  # noqa: E402


class Split:
    """Time inside the database and inside template rendering (outside the database)."""

    def __init__(self) -> None:
        self.database = self.templates = 0.0
        self.queries = 0
        self._depth = 0
        self._in_database = 0.0

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.database += spent
            self.queries += 1
            if self._depth:
                self._in_database += spent

    def wrap_render(self, render):
        split = self

        def timed(template, context):
            if split._depth:
                return render(template, context)
            split._depth += 1
            database_before = split._in_database = 0.0
            started = time.perf_counter()
            try:
                return render(template, context)
            finally:
                split.templates += time.perf_counter() - started - split._in_database
                split._in_database = database_before
                split._depth -= 1

        return timed


def key_pages(clients: dict[str, Client]) -> list[tuple[str, str, str]]:
    case = first_case(clients["reviewer"].get("/review/permits/").content.decode())
    return KEY_PAGES + ([(CASE_PAGE, "reviewer", case)] if case else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", help="a path to profile with cProfile")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    var_dir = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    for role, (username, _password) in accounts(var_dir).items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(username=username))

    split = Split()
    original = template_base.Template._render
    template_base.Template._render = split.wrap_render(original)
    print("| page | path | ms / request | database ms (queries) | templates ms | rest ms |")
    print("|---|---|---:|---:|---:|---:|")
    try:
        with connection.execute_wrapper(split.execute):
            for label, role, path in key_pages(clients):
                client = clients[role]
                assert client.get(path).status_code == 200, path  # warm-up
                split.__init__()
                started = time.perf_counter()
                for _ in range(args.requests):
                    client.get(path)
                total = (time.perf_counter() - started) / args.requests * 1000
                database = split.database / args.requests * 1000
                templates = split.templates / args.requests * 1000
                queries = split.queries / args.requests
                print(
                    f"| {label} | `{path}` | {total:.1f} | {database:.1f} ({queries:.0f}) | "
                    f"{templates:.1f} | {total - database - templates:.1f} |"
                )
                if args.profile == path:
                    profile = cProfile.Profile()
                    profile.enable()
                    for _ in range(args.requests):
                        client.get(path)
                    profile.disable()
                    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(
                        args.top
                    )
    finally:
        template_base.Template._render = original


if __name__ == "__main__":
    main()
