"""The facts the engine decides on: plain dataclasses, built by parse.py or by callers that
load them from the database. Money is Decimal yuan; dates are datetime.date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .identity import ResidentId


# --- enumerations -----------------------------------------------------------------------
class EntityType(StrEnum):  # rule U1
    ENTERPRISE_LEGAL_PERSON = "enterprise_legal_person"
    PUBLIC_INSTITUTION = "public_institution"
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise"
    SOCIAL_ORGANISATION = "social_organisation"
    BRANCH = "branch"  # non-legal-person branch of a foreign/regional or out-of-Beijing body
    OTHER = "other"  # e.g. individual business, partnership: not admitted


class AgencyKind(StrEnum):  # rule U7
    NONE = "none"
    HR_SERVICE = "hr_service"
    LABOUR_DISPATCH = "labour_dispatch"


class KeySupport(StrEnum):  # rule U8
    NONE = "none"
    ELECTRONIC_INFORMATION = "electronic_information"
    BIOMEDICINE_HEALTH = "biomedicine_health"
    NEW_ENERGY_VEHICLES = "new_energy_vehicles"
    INTELLIGENT_MANUFACTURING = "intelligent_manufacturing"
    EDUCATION = "education"
    HEALTHCARE = "healthcare"
    PUBLIC_SERVICE = "public_service"
    NAMED_IN_NOTICE = "named_in_notice"


class EmployerCategory(StrEnum):  # rules C4, C5
    OTHER = "other"
    NEW_RD_INSTITUTION = "new_rd_institution"
    INNOVATIVE_HEADQUARTERS = "innovative_headquarters"
    HIGH_TECH_ENTERPRISE = "high_tech_enterprise"
    LAW_FIRM = "law_firm"
    ACCOUNTING_FIRM = "accounting_firm"
    AUDIT_FIRM = "audit_firm"
    TAX_AGENT_FIRM = "tax_agent_firm"
    HR_SERVICE_AGENCY = "hr_service_agency"
    FINANCIAL_INSTITUTION = "financial_institution"


INNOVATION_SUBJECTS = frozenset(
    {
        EmployerCategory.NEW_RD_INSTITUTION,
        EmployerCategory.INNOVATIVE_HEADQUARTERS,
        EmployerCategory.HIGH_TECH_ENTERPRISE,
    }
)
INNOVATION_SERVICES = frozenset(
    {
        EmployerCategory.LAW_FIRM,
        EmployerCategory.ACCOUNTING_FIRM,
        EmployerCategory.AUDIT_FIRM,
        EmployerCategory.TAX_AGENT_FIRM,
        EmployerCategory.HR_SERVICE_AGENCY,
        EmployerCategory.FINANCIAL_INSTITUTION,
    }
)


class Degree(StrEnum):  # rule C1
    NONE = "none"
    ASSOCIATE = "associate"  # 专科
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class TitleLevel(StrEnum):  # rule C2
    NONE = "none"
    JUNIOR = "junior"
    INTERMEDIATE = "intermediate"
    DEPUTY_SENIOR = "deputy_senior"
    SENIOR = "senior"


class AwardLevel(StrEnum):  # rule C3
    NATIONAL = "national"
    BEIJING = "beijing"
    OTHER = "other"


class AwardField(StrEnum):  # rule C3
    SCIENCE_TECHNOLOGY = "science_technology"
    LITERATURE_ART = "literature_art"
    PHILOSOPHY_SOCIAL_SCIENCES = "philosophy_social_sciences"
    OTHER = "other"


class ResidenceKind(StrEnum):  # rules H1–H7
    OWN_HOME = "own_home"  # H1
    RESIDENCE_PERMIT = "residence_permit"  # H2
    RENTED_HOME = "rented_home"  # H3
    ZONE_PUBLIC_RENTAL = "zone_public_rental"  # H4
    RELATIVE_HOME = "relative_home"  # H5
    RURAL_HOMESTEAD = "rural_homestead"  # H6
    UNIT_HOUSING = "unit_housing"  # H7


RESIDENCE_RULE = {
    ResidenceKind.OWN_HOME: "H1",
    ResidenceKind.RESIDENCE_PERMIT: "H2",
    ResidenceKind.RENTED_HOME: "H3",
    ResidenceKind.ZONE_PUBLIC_RENTAL: "H4",
    ResidenceKind.RELATIVE_HOME: "H5",
    ResidenceKind.RURAL_HOMESTEAD: "H6",
    ResidenceKind.UNIT_HOUSING: "H7",
}


class PropertyUse(StrEnum):  # rule H8
    RESIDENTIAL = "residential"
    APARTMENT = "apartment"
    HOTEL = "hotel"
    COMMERCIAL = "commercial"
    OFFICE = "office"
    RESEARCH = "research"
    OTHER = "other"


class Tenure(StrEnum):  # rule H8
    ORDINARY = "ordinary"
    SHARED_OWNERSHIP = "shared_ownership"  # 共有产权房: accepted under its own rules
    SMALL_PROPERTY_RIGHT = "small_property_right"  # 小产权房: never accepted
    DEMOLITION_AGREEMENT = "demolition_agreement"  # 腾退拆迁协议: never accepted


class PublicRentalParties(StrEnum):  # rule H4
    APPLICANT_AND_UNIT = "applicant_and_unit"  # applicant (or spouse) with the unit
    UNIT_AND_DEVELOPER = "unit_and_developer"  # the unit with 博大新元


class EducationLevel(StrEnum):  # rule F6
    SENIOR_HIGH = "senior_high"
    SECONDARY_VOCATIONAL = "secondary_vocational"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class Relation(StrEnum):  # rule F8
    SPOUSE = "spouse"
    CHILD = "child"


# --- unit -------------------------------------------------------------------------------
@dataclass(slots=True)
class Quota:  # rule U9
    remaining: int
    expires_on: date


@dataclass(slots=True)
class UnitFacts:
    name: str
    credit_code: str
    entity_type: EntityType
    registered_in_zone: bool
    zone_tax_months: int
    registered_capital: Decimal
    business_scope: str
    previous_year_zone_tax: Decimal
    established_on: date
    application_date: date
    head_office_registered_capital: Decimal | None = None
    profit_making: bool = False
    strategic_emerging_industry: bool = False
    permits_held: int = 0
    agency_kind: AgencyKind = AgencyKind.NONE
    key_support: KeySupport = KeySupport.NONE
    quota: Quota | None = None
    tax_certificate_date: date | None = None


# --- applicant --------------------------------------------------------------------------
@dataclass(slots=True)
class Employer:
    name: str
    category: EmployerCategory = EmployerCategory.OTHER
    agency_kind: AgencyKind = AgencyKind.NONE


@dataclass(slots=True)
class Contract:  # rules M7, T5
    party_a: str
    start_date: date
    end_date: date | None = None  # None: open-ended (无固定期限)
    work_location: str = ""


@dataclass(slots=True)
class Award:
    level: AwardLevel
    field: AwardField
    name: str = ""


@dataclass(slots=True)
class IntellectualProperty:  # rule C6
    invention_patents: int = 0
    other_patents: int = 0
    software_copyrights: int = 0
    applied_in_beijing: bool = False


@dataclass(slots=True)
class InnovationTeam:  # rule C7
    shareholding_percent: Decimal
    shareholder_rank: int
    own_investment_3y: Decimal = Decimal(0)
    equity_cash_financing: Decimal = Decimal(0)
    average_annual_tax_3y: Decimal = Decimal(0)


@dataclass(slots=True)
class Freelancer:  # rule C8
    annual_tax: dict[int, Decimal]
    notable_contribution: bool = False


@dataclass(slots=True)
class Lease:
    lessor_name: str
    address: str
    start_date: date
    end_date: date


@dataclass(slots=True)
class LodgingDeclaration:  # rule H5
    owner_name: str
    lodger_name: str
    address: str


@dataclass(slots=True)
class Residence:  # rules H1–H8
    kind: ResidenceKind
    property_use: PropertyUse | None = None
    tenure: Tenure = Tenure.ORDINARY
    address: str = ""
    owner_name: str = ""
    has_property_certificate: bool = False
    delivery_date: date | None = None
    move_in_notice: bool = False
    permit_expires_on: date | None = None
    blue_residence_card: bool = False
    lease: Lease | None = None
    public_rental_parties: PublicRentalParties | None = None
    lodging_declaration: LodgingDeclaration | None = None
    unit_certificate_address: str = ""


@dataclass(slots=True)
class Region:
    province: str = ""
    city: str = ""
    district: str = ""


@dataclass(slots=True)
class EducationEntry:
    level: EducationLevel
    school: str
    summary: str
    start_date: date
    end_date: date


@dataclass(slots=True)
class WorkEntry:
    employer: str
    start_date: date
    end_date: date


@dataclass(slots=True)
class Dependant:
    name: str
    relation: Relation
    id_number: str = ""
    in_school: bool = False
    school: str = ""


@dataclass(slots=True)
class FormFacts:  # rules F1–F8
    current_address: str
    current_region: Region = field(default_factory=Region)
    bungalow: bool = False
    register_address: str = ""
    register_region: Region = field(default_factory=Region)
    register_first_page_address: str = ""
    graduation_school: str = ""
    graduation_date: date | None = None
    final_diploma_issuer: str = ""
    final_diploma_issued_on: date | None = None
    full_time_graduation_date: date | None = None
    foreign_degree: bool = False
    degree_certificate_number: str = ""
    cscse_report_number: str = ""
    education: list[EducationEntry] = field(default_factory=list)
    work_history: list[WorkEntry] = field(default_factory=list)
    dependants: list[Dependant] = field(default_factory=list)


@dataclass(slots=True)
class PersonFacts:
    name: str
    identity: ResidentId
    submission_date: date
    employer: Employer
    monthly_taxable_income: Decimal
    months_salary_paid: int
    months_social_insurance: int
    months_income_tax: int
    contract: Contract | None = None
    degree: Degree = Degree.NONE
    work_experience_months: int = 0
    title: TitleLevel = TitleLevel.NONE
    equivalent_qualification: bool = False
    awards: list[Award] = field(default_factory=list)
    annual_taxable_income: dict[int, Decimal] = field(default_factory=dict)
    intellectual_property: IntellectualProperty | None = None
    innovation_team: InnovationTeam | None = None
    freelancer: Freelancer | None = None
    dispatched_to_other_unit: bool = False
    residence: Residence | None = None
    form: FormFacts | None = None


@dataclass(slots=True)
class ChangedDependant:  # rule PR7
    """A dependant as filed in a dependants change: with the household register and, after
    a divorce, who holds custody of a child."""

    name: str
    relation: Relation
    id_number: str = ""
    register_province: str = ""  # 户口所在地, province level as selected
    custody_with_applicant: bool = False
    in_school: bool = False
    school: str = ""


@dataclass(slots=True)
class DependantsChangeFacts:  # rule PR7
    submission_date: date
    divorced: bool
    dependants: list[ChangedDependant] = field(default_factory=list)


@dataclass(slots=True)
class AddressChangeFacts:  # rule PR6
    applicant_name: str
    submission_date: date
    current_address: str
    current_region: Region = field(default_factory=Region)
    bungalow: bool = False
    residence: Residence | None = None


@dataclass(slots=True, frozen=True)
class WithholdingMonth:  # rule PR4, month by month
    """One month of the 个人扣缴明细: who withheld social insurance and income tax ("" for
    none). ``month`` is the first day of the month."""

    month: date
    social_insurance_unit: str = ""
    tax_unit: str = ""


@dataclass(slots=True)
class RenewalFacts:
    name: str
    identity: ResidentId
    submission_date: date
    employer: Employer
    permit_expires_on: date
    months_social_insurance: int
    months_income_tax: int
    withholding_matches_contract: bool
    contract: Contract | None = None
    permit_issued_on: date | None = None
    withholding: list[WithholdingMonth] = field(default_factory=list)
    contract_history: list[Contract] = field(default_factory=list)
