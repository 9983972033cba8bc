"""What stands between a unit and a new permit, decided by the engine: business permission
(PR1), the quota (U9) and a branch's cap (U6). The labour contract: M7 and T5."""

from datetime import date

from portal.i18n import in_language
from rules.engine.deadlines import check_t5
from rules.engine.fields import check_m7
from rules.engine.types import Contract, EntityType
from rules.engine.types import Quota as QuotaFacts
from rules.engine.unit import check_u6, check_u9
from rules.engine.verdict import Outcome, RuleResult

from .constants import PermitStatus
from .models import LabourContract


def unit_permit_checks(unit, today: date) -> list[RuleResult]:
    """U9 and U6 for issuing one more permit to this unit's employee."""
    quota = getattr(unit, "quota", None)
    quota_facts = QuotaFacts(quota.remaining, quota.expires_on) if quota else None
    held = (
        unit.permits.filter(status=PermitStatus.VALID).count()
        if unit.entity_type == EntityType.BRANCH
        else 0
    )
    entity = EntityType(unit.entity_type) if unit.entity_type else EntityType.OTHER
    return [check_u9(quota_facts, today), check_u6(entity, held)]


def blocking(results: list[RuleResult]) -> list[RuleResult]:
    return [r for r in results if r.outcome is Outcome.FAIL]


def contract_facts(contract: LabourContract | None) -> Contract | None:
    if contract is None:
        return None
    return Contract(
        party_a=contract.party_a,
        start_date=contract.start_date,
        end_date=contract.end_date,
        work_location=contract.work_location,
    )


def contract_checks(contract: Contract, unit_name: str, today: date) -> list[RuleResult]:
    """M7 (party A, work location) and T5 (more than one month left)."""
    return [check_m7(contract, unit_name), check_t5(contract.end_date, today)]


def contract_field_errors(contract: Contract, unit_name: str, today: date) -> dict[str, list[str]]:
    """M7 and T5 failures at the form field each problem is about: the engine names the
    contract's input (``contract.party_a``, ``contract.work_location``, ``contract.end_date``)
    of every problem it finds."""
    errors: dict[str, list[str]] = {}
    for result in contract_checks(contract, unit_name, today):
        if result.outcome is not Outcome.FAIL:
            continue
        for problem in result.problems:
            field = problem.path.removeprefix("contract.")
            errors.setdefault(field, []).append(
                f"{in_language(problem.zh, problem.en)}（{result.rule}）"
            )
    return errors
