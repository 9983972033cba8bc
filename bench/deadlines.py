"""Benchmark of the deadline scans at scale (issue 13; PostgreSQL only; not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/deadlines.py [--permits 1000000] [--due 10000] [--db deadline_bench]
        [--keep] [--batch-size 500] [--no-doc]

Creates the database ``--db`` on the server of DATABASE_URL (dropped first; with --keep an
already seeded one of the same size is reused after undoing what the last run's scans
wrote, and it is left in place afterwards), migrates it, loads the reference data and seeds
it set-based (``manage.py deadline_bench seed``: N permits, M due items across every
deadline). Then, each in its own process so that its peak RSS is its own: the set-based SQL
baseline (``deadline_bench baseline``: one statement per scan that finds the due rows and
inserts their notices and deliveries, rolled back; run twice, the second timed), and every
registered scan (``deadline_bench scans``, ``notices.scans.scan_run``). Prints per scan the
rows found, the notices created, the time of both sides, the batches and queries per batch,
and the peak RSS; checks that each scan found and created what its baseline did; writes the
table into docs/performance.md (unless --no-doc).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg
from pages import machine, write_doc

BASE_DIR = Path(__file__).resolve().parent.parent
GOAL_RATIO = 3.0
GOAL_RSS_MB = 150


def database_url(server_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def connect_maintenance(server_url: str) -> psycopg.Connection:
    parts = urllib.parse.urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname="postgres",
        autocommit=True,
    )


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else sys.stderr,
        text=True,
    )
    return result.stdout if capture else ""


def side(env: dict[str, str], action: str, *args: str) -> dict:
    out = manage(env, "deadline_bench", action, *args, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def prepare(args, server_url: str, env: dict[str, str]) -> dict:
    """The seeded database: reused (--keep, same size) or made anew. Returns the seed's
    summary (day, plan, seconds)."""
    with connect_maintenance(server_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if exists and args.keep:
            wanted = json.loads(
                manage(
                    env, "deadline_bench", "plan", "--permits", str(args.permits),
                    "--due", str(args.due), capture=True,
                ).strip().splitlines()[-1]
            )  # fmt: skip
            seeded = _seeded_plan(env)
            if seeded and seeded["plan"] == wanted:
                print(f"reusing {args.db} (seeded for {seeded['today']})", file=sys.stderr)
                manage(env, "migrate", "--verbosity", "0")  # e.g. an index added since
                manage(env, "deadline_bench", "reset")
                return {**seeded, "seconds": None}
        if exists:
            conn.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.db}"')
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_reference", "--verbosity", "0")
    print(f"seeding {args.permits:,} permits, {args.due:,} due …", file=sys.stderr)
    return side(env, "seed", "--permits", str(args.permits), "--due", str(args.due))


def _seeded_plan(env: dict[str, str]) -> dict | None:
    url = env["DATABASE_URL"]
    parts = urllib.parse.urlsplit(url)
    try:
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=urllib.parse.unquote(parts.username or ""),
            password=urllib.parse.unquote(parts.password or "") or None,
            dbname=parts.path.lstrip("/"),
        ) as conn:
            row = conn.execute("SELECT today, plan FROM deadline_bench_meta").fetchone()
    except psycopg.Error:
        return None
    return {"today": row[0].isoformat(), "plan": row[1]} if row else None


def compare(baseline: dict, scans: dict) -> tuple[list[str], list[str]]:
    """The table's rows and the mismatches (a scan that found or created other than its
    baseline)."""
    lines = [
        "| scan | rows found | notices | deliveries | scan s | baseline s | ratio "
        "| batches | queries / batch |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    problems = []
    for name, s in scans.items():
        b = baseline.get(name)
        per_batch = s["queries"] / s["batches"] if s["batches"] else s["queries"]
        if b is None:
            base, ratio = "— (no baseline)", "—"
        else:
            base = f"{b['seconds']:.3f}"
            ratio = f"{s['seconds'] / b['seconds']:.1f}×" if b["seconds"] else "—"
            for key in ("found", "notices", "deliveries"):
                if s[key] != b[key]:
                    problems.append(f"{name}: {key} {s[key]} by the scan, {b[key]} by the baseline")
        lines.append(
            f"| `{name}` | {s['found']:,} | {s['notices']:,} | {s['deliveries']:,} "
            f"| {s['seconds']:.3f} | {base} | {ratio} | {s['batches']} | {per_batch:.1f} |"
        )
    for name in baseline.keys() - scans.keys():
        problems.append(f"{name}: a baseline but no registered scan (not compared)")
    return lines, problems


def _total(side_result: dict) -> float:
    return sum(r["seconds"] for r in side_result["results"].values())


def best_of(runs: list[tuple[dict, dict]]) -> tuple[dict, dict]:
    """Per scan, the fastest of the runs on each side (the machine is shared: the least
    disturbed run is the one to compare); the highest peak RSS. Counts are the last run's
    (every run starts from the same data)."""
    best = []
    for side_index in (0, 1):
        last = runs[-1][side_index]
        results = {}
        for name, row in last["results"].items():
            fastest = min(run[side_index]["results"][name]["seconds"] for run in runs)
            results[name] = {**row, "seconds": fastest}
        best.append(
            {
                **last,
                "results": results,
                "peak_rss_mb": max(run[side_index]["peak_rss_mb"] for run in runs),
            }
        )
    return best[0], best[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--permits", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--db", default="deadline_bench", help="database created for the run")
    parser.add_argument("--keep", action="store_true", help="reuse and keep the database")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of both sides; the fastest of each counts"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        print("bench/deadlines.py needs DATABASE_URL=postgres://… (a server)", file=sys.stderr)
        return 2
    if args.db in ("test", "postgres") or args.db == urllib.parse.urlsplit(server_url).path[1:]:
        print(f"--db {args.db}: name a database of the benchmark's own", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "DATABASE_URL": database_url(server_url, args.db),
        "VAR_DIR": os.environ.get("VAR_DIR", f"/tmp/deadline-bench-{os.getuid()}"),
    }
    started = time.perf_counter()
    seeded = prepare(args, server_url, env)
    print(f"database ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    side(env, "baseline")  # warms the cache the same way for both sides
    runs = []
    for run in range(args.repeat):
        # Each side starts from the same tables: the baseline's rolled-back inserts leave dead
        # rows and index entries in the notices' tables, which the scans' inserts would wade
        # through; the reset empties them (and undoes the scans' writes), vacuums and
        # checkpoints, so that neither side's time holds the other's leftovers.
        manage(env, "deadline_bench", "reset")
        baseline = side(env, "baseline")
        manage(env, "deadline_bench", "reset")
        scans = side(env, "scans", "--batch-size", str(args.batch_size))
        runs.append((baseline, scans))
        print(f"run {run + 1}: scans {_total(scans):.2f} s, baseline {_total(baseline):.2f} s")
    baseline, scans = best_of(runs)
    lines, problems = compare(baseline["results"], scans["results"])

    compared = [n for n in scans["results"] if n in baseline["results"]]
    scan_s = sum(scans["results"][n]["seconds"] for n in compared)
    base_s = sum(baseline["results"][n]["seconds"] for n in compared)
    all_scan_s = sum(r["seconds"] for r in scans["results"].values())
    found = sum(r["found"] for r in scans["results"].values())
    ratio = scan_s / base_s if base_s else float("inf")
    rss = scans["peak_rss_mb"]
    summary = [
        f"Total: {found:,} rows found by {len(scans['results'])} scans in {all_scan_s:.2f} s; "
        f"the {len(compared)} with a baseline {scan_s:.2f} s against {base_s:.2f} s "
        f"(**{ratio:.1f}×**, goal ≤ {GOAL_RATIO:g}×).  ",
        f"Peak RSS of the scans' process: **{rss:.0f} MB** ({scans['rss_mb_before']:.0f} MB "
        f"after start-up, before the first scan; goal ≤ {GOAL_RSS_MB} MB); the baseline's "
        f"process: {baseline['peak_rss_mb']:.0f} MB.",
    ]
    seed_s = seeded.get("seconds")
    size = f"{args.permits:,} permits, {args.due:,} due"
    print(f"\n{size} (seeded for {seeded['today']}" + (f" in {seed_s:.0f} s)" if seed_s else ")"))
    print("\n".join(lines))
    print("\n".join(summary))
    for problem in problems:
        label = "MISMATCH" if "by the scan" in problem else "note"
        print(f"{label}: {problem}", file=sys.stderr)

    if not args.no_doc:
        command = "python bench/deadlines.py " + shlex.join(sys.argv[1:])
        write_doc(
            f"deadlines-{args.permits}",
            [
                f"### Deadline scans: {size}, PostgreSQL",
                "",
                f"Machine: {machine()}; {_os_name()}; PostgreSQL {_server_version(server_url)} "
                "on loopback.  ",
                f"Command: `DATABASE_URL=postgres://…/postgres {command.strip()}`, "
                f"{time.strftime('%Y-%m-%d')}; batch size {args.batch_size}; per scan the "
                f"fastest of {args.repeat} runs of each side"
                + (f"; seeding took {seed_s:.0f} s." if seed_s else "."),
                "",
                *lines,
                "",
                *summary,
            ],
        )
    if not args.keep:
        with connect_maintenance(server_url) as conn:
            conn.execute(f'DROP DATABASE "{args.db}" WITH (FORCE)')
    return 1 if any("by the scan" in p for p in problems) else 0


def _os_name() -> str:
    try:
        release = Path("/etc/os-release").read_text("utf-8")
    except OSError:
        return "unknown OS"
    for line in release.splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return "unknown OS"


def _server_version(server_url: str) -> str:
    with connect_maintenance(server_url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


if __name__ == "__main__":
    sys.exit(main())
