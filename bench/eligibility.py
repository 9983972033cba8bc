"""Benchmark of the pure eligibility engine (not a timed test).

    .venv/bin/python bench/eligibility.py [--profiles 100000] [--seed 2026] [--with-parse]

Generates applicant profiles with a fixed random seed, evaluates each with the pure engine
(no database, no Django) on one core, and prints evaluations per second. The goal is at least
20,000 per second. --with-parse also times the JSON path (parse + evaluate) that the CLI and
the API take.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rules.engine import WageTable, WorkingDayCalendar, evaluate_person, parse
from rules.engine import types as t
from rules.engine.identity import parse_resident_id, resident_id_check_character
from rules.engine.wages import RULES_MD_ROWS

UNIT = "北京亦庄示范科技有限公司"
REGIONS = ("110115", "130102", "370202", "420106", "510107", "610113")
RESIDENCES = list(t.ResidenceKind)


def id_number(rng: random.Random, birth: date) -> str:
    first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + resident_id_check_character(first17)


def residence(rng: random.Random, submitted: date) -> t.Residence | None:
    kind = rng.choice(RESIDENCES)
    lease = t.Lease(
        "王房东",
        "某路1号",
        submitted - timedelta(days=200),
        submitted + timedelta(days=rng.randint(-30, 400)),
    )
    use = rng.choice((t.PropertyUse.RESIDENTIAL,) * 8 + (t.PropertyUse.APARTMENT, None))
    return t.Residence(
        kind=kind,
        property_use=use,
        address="某路1号",
        owner_name=rng.choice(("王房东", "王房东", "李某")),
        has_property_certificate=rng.random() < 0.7,
        delivery_date=submitted - timedelta(days=rng.randint(-60, 300)),
        permit_expires_on=submitted + timedelta(days=rng.randint(-30, 300)),
        lease=lease,
        public_rental_parties=t.PublicRentalParties.APPLICANT_AND_UNIT,
        lodging_declaration=t.LodgingDeclaration("王房东", "申请人", "某路1号"),
        unit_certificate_address="某路1号",
    )


def profile(rng: random.Random) -> t.PersonFacts:
    submitted = date(2026, 1, 5) + timedelta(days=rng.randrange(300))
    birth = date(1962, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    identity = parse_resident_id(id_number(rng, birth), today=submitted)
    year = submitted.year
    incomes = {y: Decimal(rng.randrange(100_000, 1_500_000)) for y in range(year - 3, year)}
    category = rng.choice(list(t.EmployerCategory))
    end = submitted + timedelta(days=rng.randint(-10, 1500)) if rng.random() < 0.9 else None
    return t.PersonFacts(
        name="申请人",
        identity=identity,
        submission_date=submitted,
        employer=t.Employer(UNIT, category),
        monthly_taxable_income=Decimal(rng.randrange(8_000, 60_000)),
        months_salary_paid=rng.randrange(0, 36),
        months_social_insurance=rng.randrange(0, 36),
        months_income_tax=rng.randrange(0, 36),
        contract=t.Contract(UNIT, submitted - timedelta(days=400), end, "北京市大兴区")
        if rng.random() < 0.95
        else None,
        degree=rng.choice(list(t.Degree)),
        work_experience_months=rng.randrange(0, 240),
        title=rng.choice(list(t.TitleLevel)),
        awards=[t.Award(t.AwardLevel.BEIJING, t.AwardField.SCIENCE_TECHNOLOGY)]
        if rng.random() < 0.05
        else [],
        annual_taxable_income=incomes,
        intellectual_property=t.IntellectualProperty(rng.randrange(3), rng.randrange(5), 0, True)
        if rng.random() < 0.2
        else None,
        residence=residence(rng, submitted),
    )


def payload(rng: random.Random) -> dict:
    submitted = date(2026, 1, 5) + timedelta(days=rng.randrange(300))
    birth = date(1962, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    return {
        "name": "申请人",
        "id_number": id_number(rng, birth),
        "submission_date": submitted.isoformat(),
        "employer": {"name": UNIT, "category": rng.choice(list(t.EmployerCategory)).value},
        "monthly_taxable_income": rng.randrange(8_000, 60_000),
        "months_salary_paid": rng.randrange(0, 36),
        "months_social_insurance": rng.randrange(0, 36),
        "months_income_tax": rng.randrange(0, 36),
        "contract": {"party_a": UNIT, "start_date": "2024-01-01", "end_date": "2028-12-31"},
        "degree": rng.choice(list(t.Degree)).value,
        "work_experience_months": rng.randrange(0, 240),
        "annual_taxable_income": {
            str(y): rng.randrange(100_000, 1_500_000) for y in (2023, 2024, 2025)
        },
        "residence": {
            "kind": "own_home",
            "has_property_certificate": True,
            "property_use": "residential",
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best one counts")
    parser.add_argument("--with-parse", action="store_true")
    args = parser.parse_args()

    wages = WageTable(list(RULES_MD_ROWS))
    calendar = WorkingDayCalendar()
    rng = random.Random(args.seed)
    profiles = [profile(rng) for _ in range(args.profiles)]

    print(f"profiles: {args.profiles:,} (seed {args.seed}), one core, {args.repeat} rounds")
    best = float("inf")
    for round_ in range(1, args.repeat + 1):
        outcomes = {"eligible": 0, "needs_review": 0, "not_eligible": 0}
        start = time.perf_counter()
        for facts in profiles:
            verdict = evaluate_person(facts, wages, calendar)
            outcomes[verdict.overall.value] += 1
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        print(f"round {round_}: {elapsed:.3f} s, {args.profiles / elapsed:,.0f}/s  {outcomes}")
    rate = args.profiles / best
    # Other processes on a shared machine only ever slow a round down: the best round is
    # the closest to the engine's own speed.
    verdict = "OK" if rate >= 20_000 else "BELOW GOAL"
    print(f"evaluations per second: {rate:,.0f} (best round; goal 20,000) {verdict}")

    if args.with_parse:
        payloads = [payload(rng) for _ in range(args.profiles)]
        today = date(2026, 11, 27)
        start = time.perf_counter()
        for p in payloads:
            evaluate_person(parse("person", p, today=today), wages, calendar).to_dict()
        elapsed = time.perf_counter() - start
        print(f"parse + evaluate + to_dict per second: {args.profiles / elapsed:,.0f}")


if __name__ == "__main__":
    main()
