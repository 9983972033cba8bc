"""Reference data: the catalogue of material kinds, from the 2026 handbook (section 六).

`load()` creates the kinds whose code is missing and leaves every existing kind as it is:
after the first start the catalogue belongs to the administrators (`/admin/`), and a later
start must not undo their edits. A changed text here therefore reaches an existing database
only through the admin or a data migration. Retire a kind by unticking "active": a deleted
kind comes back at the next start.
"""

from portal.constants import Process

from .constants import DEFAULT_MAX_SIZE, FileType
from .models import MaterialKind

ALL = [FileType.PDF, FileType.JPEG, FileType.PNG]
UNIT = [Process.PR1, Process.PR2]
NEW = [Process.PR3]

# code, Chinese name, English name, processes, rule IDs, validity (months), Chinese help
KINDS = [
    (
        "U10a",
        "营业执照/法人证书",
        "Business licence / legal-person certificate",
        UNIT,
        "U10",
        None,
        "企业法人营业执照或事业单位法人证书、民办非企业单位登记证书（法人）、社会团体法人登记证书；"
        "外国（地区）、外埠在京设立的非法人分支机构提供营业执照及组织机构代码证。原件扫描上传。",
    ),
    (
        "U10b",
        "资质证书（高新技术企业证书，或再次上传营业执照）",
        "Qualification certificate (high-tech-enterprise certificate, or the licence again)",
        UNIT,
        "U10",
        None,
        "国家高新技术企业提供单位资质证书原件扫描件；不是高新技术企业的，可以再上传一遍营业执照。",
    ),
    (
        "U10c",
        "单位缴纳税费凭证（3个月内的《税收完税证明》或《涉税信息查询结果告知书》）",
        "Unit tax certificate (tax payment certificate or tax-information result notice, "
        "within 3 months)",
        UNIT,
        "U10 T6",
        3,
        "用人单位在本区填发日期在3个月内的单位版《税收完税证明》，或结果日期在3个月内的"
        "《涉税信息查询结果告知书》，原件扫描上传。请填写凭证上的填发日期或结果日期。",
    ),
    (
        "U10d",
        "单位诚信声明",
        "Unit integrity declaration",
        UNIT,
        "U10",
        None,
        "使用附件管理中的模板，由法人或法人授权人签字；授权人签字的，一并提供授权委托书。",
    ),
    (
        "U10e",
        "经办人身份证（正反面）",
        "Operator's ID card (both sides)",
        UNIT,
        "U10",
        None,
        "单位业务经办人身份证，需在有效期内，正反面原件扫描上传。",
    ),
    (
        "M1",
        "应税收入材料（近3个月个人扣缴明细截图）",
        "Taxable-income evidence (withholding details, last 3 months)",
        NEW,
        "M1 P5",
        None,
        "自然人电子税务局（扣缴端）“查询统计”中该员工近3个月“个人扣缴明细”的“正常工资薪金”截图；"
        "姓名、身份证号、税款所属期、所得项目、收入及左下角“操作单位”完整清晰，空白处加盖单位公章或财务章。",
    ),
    (
        "M2",
        "户口本首页及本人页",
        "Household register: first page and own page",
        [Process.PR3, Process.PR6],
        "M2",
        None,
        "申请人户口本首页及本人页原件扫描件；集体户口提供首页复印件（集体户单位盖章）及本人页。",
    ),
    (
        "M3-degree",
        "学历学位证书",
        "Diploma and degree certificates",
        [Process.PR3, Process.PR6],
        "M3 C1",
        None,
        "国家教育部认可的学历学位证书原件扫描件。",
    ),
    (
        "M3-degree-report",
        "学历学位认证报告",
        "Diploma and degree verification report",
        [Process.PR3, Process.PR6],
        "M3 C1",
        None,
        "系统提示需人工审核，且为非全日制学历学位，或2001年1月（含）后取得的全日制毕业证书、"
        "2008年9月（含）后取得的全日制学位证书的，上传相应机构的学历学位认证报告；"
        "变更学历学位的，上传学信网证书查验结果。",
    ),
    (
        "PR6-chsi",
        "学信网证书查验结果",
        "CHSI certificate verification result",
        [Process.PR6],
        "PR6",
        None,
        "变更学历学位的，提供“中国高等教育学生信息网（学信网）”的证书查验结果原件扫描件。",
    ),
    (
        "M3-cscse",
        "教育部留学服务中心认证报告",
        "CSCSE verification report (foreign degree)",
        [Process.PR3, Process.PR6],
        "M3 C1 F5",
        None,
        "国外取得的学位，提供教育部留学服务中心出具的国外学历学位认证书。",
    ),
    (
        "M3-title",
        "职称证书或职业资格（资质）证书及企业聘书",
        "Professional title or qualification certificate, with letter of appointment",
        [Process.PR3, Process.PR6],
        "M3 C2",
        None,
        "中级（含）以上专业技术职称证书、职业资格（资质）证书扫描件和企业聘书原件扫描件"
        "（非公有制企业无需提供聘书）。用高级职称办理的，无需提供中级职称的相关材料。",
    ),
    (
        "M3-title-proof",
        "职称取得证明（考试合格人员登记表或官网核验截图；职称评审表及评审资质证明）",
        "Proof of how the title was obtained (exam registration form or official check; "
        "review form and reviewer qualification)",
        [Process.PR3, Process.PR6],
        "M3 C2",
        None,
        "通过考试获得的，提供《考试合格人员登记表》原件扫描件或职称证书官网核验结果截图；"
        "通过评审获得的，提供《职称评审表》原件扫描件及任职单位评审资质证明文件扫描件。",
    ),
    (
        "M3-title-notice",
        "外省市职称评审通过通知",
        "Approval notice of a title reviewed in another province",
        [Process.PR3, Process.PR6],
        "M3 C2",
        None,
        "外省市评审的职称，提供评审通过的通知原件扫描件。",
    ),
    (
        "M3-title-overseas",
        "境外职业资格证书查询结果",
        "Query result of an overseas professional qualification",
        [Process.PR3, Process.PR6],
        "M3 C2",
        None,
        "用境外职业资格办理的，提供境外职业资格证书查询结果。",
    ),
    (
        "M3-award",
        "获奖证书或文件",
        "Award certificate or document",
        NEW,
        "M3 C3",
        None,
        "国家和本市科学技术、文学艺术、哲学社会科学等类奖项的获奖证书或文件。",
    ),
    (
        "M3-hnte",
        "北京市高新技术企业证书",
        "Beijing high-tech-enterprise certificate",
        NEW,
        "M3 C4",
        None,
        "在高新技术企业工作的，提供北京市高新技术企业证书。",
    ),
    (
        "M3-entity",
        "主体资质文件（人力资源服务机构提供人力资源服务许可）",
        "The entity's licence (HR-service agencies: HR-service permit)",
        NEW,
        "M3 C5",
        None,
        "律师、会计、审计、税务师事务所、人力资源服务机构、金融机构等的主体资质文件；"
        "人力资源服务机构提供人力资源服务许可。",
    ),
    (
        "M3-tax-36",
        "近36个月报税明细截图",
        "Tax filing details, last 36 months",
        NEW,
        "M3 C4 C5",
        None,
        "近36个月在京单位自然人电子税务局（扣缴端）的报税明细截图，需财务经理签字并盖公章或财务章，"
        "注明联系电话。",
    ),
    (
        "M3-ip",
        "专利证书、软件著作权证书及在京落地转化证明",
        "Patent or software-copyright certificates, with proof of use in Beijing",
        NEW,
        "M3 C6",
        None,
        "专利证书、软件著作权证书扫描件、软件著作权登记申请表，及在京落地转化并取得较好经济社会效益的"
        "证明文件扫描件。",
    ),
    (
        "M3-charter",
        "公司章程（工商局备案，系统打印）",
        "Articles of association (filed, system print-out)",
        NEW,
        "M3 C7",
        None,
        "确认持股比例及排名需提供公司章程（工商局备案，系统打印的）。",
    ),
    (
        "M3-investment",
        "投资或股权类现金融资证明",
        "Proof of investment or equity cash financing",
        NEW,
        "M3 C7",
        None,
        "以近三年累计自主投入或股权类现金融资为条件的，提供投资或获得股权类现金融资的投资协议书、"
        "银行转账记录/审计报告/验资报告等证明材料。",
    ),
    (
        "M3-company-tax",
        "企业完税证明",
        "Company tax payment certificate",
        NEW,
        "M3 C7",
        None,
        "以近三年平均每年纳税500万元以上为条件的，提供企业完税证明。",
    ),
    (
        "M3-personal-tax",
        "近三年个税清单或纳税记录",
        "Personal income-tax list or tax record, last 3 years",
        NEW,
        "M3 C8",
        None,
        "自由职业者、个体工商户等提供近三年个税清单或纳税记录。",
    ),
    (
        "M4-property",
        "《房屋所有权证》或《不动产权证书》",
        "Property certificate",
        [Process.PR3, Process.PR6],
        "M4 H1 H3 H5 H7",
        None,
        "房屋性质须为住宅。租住、借住或单位公房的，上传房屋产权人（产权单位）的证书。",
    ),
    (
        "M4-purchase-contract",
        "《商品房买卖网签合同》",
        "Online-signed purchase contract",
        [Process.PR3, Process.PR6],
        "M4 H1 H3",
        None,
        "没有产权证书的，上传网签合同（至少含甲乙方基本信息页、房屋坐落地址页、房屋性质页、"
        "交付日期页、竣工日期页和签字盖章页），房屋性质为住宅，且申请日期已超过交付日期。",
    ),
    (
        "M4-move-in",
        "《入住通知单》",
        "Move-in notice",
        [Process.PR3, Process.PR6],
        "M4 H1 H3",
        None,
        "购房合同显示未交付但实际已交付入住的，上传物业出具的《入住通知单》。",
    ),
    (
        "M4-residence-permit",
        "《北京市居住证》或《北京市居住证（卡）确认单》",
        "Beijing residence permit or its confirmation slip",
        [Process.PR3, Process.PR6],
        "M4 H2",
        None,
        "申请人本人有效期内的《北京市居住证》或确认单；蓝色的居住卡不能代替居住证。",
    ),
    (
        "M4-lease",
        "《租赁合同》",
        "Lease",
        [Process.PR3, Process.PR6],
        "M4 H3 H6 H7",
        None,
        "尚在租赁期限内，记载房屋详细地址、出租人和承租人双方姓名、身份证号码、联系方式、租赁期限，"
        "落款处有出租双方手写签名；出租人应与房屋产权人相同。",
    ),
    (
        "M4-public-rental",
        "经开区《公租房租赁合同》",
        "Zone public-rental-housing lease",
        [Process.PR3, Process.PR6],
        "M4 H4",
        None,
        "申请人或其配偶与任职单位签订的，或单位与博大新元签订的有效期内的《公租房租赁合同》。",
    ),
    (
        "M4-owner-id",
        "产权人身份证",
        "Owner's ID card",
        [Process.PR3, Process.PR6],
        "M4 H5",
        None,
        "居住亲友住房的，上传房屋产权人身份证。",
    ),
    (
        "M4-lodging",
        "《借住声明》",
        "Lodging declaration",
        [Process.PR3, Process.PR6],
        "M4 H5",
        None,
        "亲友双方签署的《借住声明》（模板见附件一），盖单位公章，签署双方姓名与产权人和申请人一致。",
    ),
    (
        "M4-owner-register",
        "房屋所有人《居民户口簿》首页和本人页",
        "Owner's household register: first page and own page",
        [Process.PR3, Process.PR6],
        "M4 H6",
        None,
        "租住农村宅基地房屋的，上传房屋所有人户口簿首页和本人页；出租房屋地址应与户口簿首页住址相同。",
    ),
    (
        "M4-unit-residence",
        "单位出具的《申请人居住证明》",
        "Residence certificate issued by the unit",
        [Process.PR3, Process.PR6],
        "M4 H7",
        None,
        "住单位公房的，单位出具并盖公章，居住地址与《租赁合同》及产权证书地址一致。",
    ),
    (
        "M5",
        "诚信声明",
        "Integrity declaration",
        [Process.PR3, Process.PR4, Process.PR5, Process.PR6, Process.PR7],
        "M5",
        None,
        "使用模板（附件二），由董事长、总经理或法定代表人其中之一签署（注明职务）并加盖公章；"
        "法定代表人不方便签字的，也可加盖法定代表人印章。",
    ),
    (
        "M6-marriage",
        "结婚证",
        "Marriage certificate",
        [Process.PR3, Process.PR6, Process.PR7],
        "M6",
        None,
        "随往子女的，提供申请人结婚证原件扫描件。",
    ),
    (
        "M6-child-register",
        "子女户口本本人页",
        "Child's household-register page",
        [Process.PR3, Process.PR7],
        "M6",
        None,
        "随往子女户口本本人页原件扫描件。",
    ),
    (
        "M6-birth",
        "子女出生医学证明",
        "Child's birth certificate",
        [Process.PR3, Process.PR7],
        "M6",
        None,
        "子女出生医学证明原件扫描件。",
    ),
    (
        "M6-divorce",
        "离婚证",
        "Divorce certificate",
        [Process.PR3, Process.PR6, Process.PR7],
        "M6",
        None,
        "离异的，提供离婚证原件扫描件（变更婚姻状况的，也可提供法院判决书）。",
    ),
    (
        "M6-custody",
        "离婚协议或法院判决书（写明子女抚养权归申请人）",
        "Divorce agreement or judgment granting custody to the applicant",
        [Process.PR3, Process.PR7],
        "M6",
        None,
        "民政局备案的离婚协议或法院判决书扫描件，需明确写明子女抚养权归申请人。",
    ),
    (
        "PR4-income",
        "应税收入材料（近36个月个人扣缴明细截图）",
        "Taxable-income evidence (withholding details, last 36 months)",
        [Process.PR4],
        "PR4",
        None,
        "单位在自然人电子税务局（扣缴端）“查询统计”中查询该员工截至目前近36个月“个人扣缴明细”中所得项目"
        "“正常工资薪金”并截图；姓名、身份证号、税款所属期、收入及左下角“操作单位”完整清晰，空白处加盖"
        "单位公章或财务章。由单位上传。",
    ),
    (
        "PR4-tax-record",
        "《中华人民共和国个人所得税纳税记录》",
        "Individual income-tax record (printed by the tax office)",
        [Process.PR4],
        "PR4",
        None,
        "因单位变更、原单位注销等原因无法提供近36个月个人扣缴明细截图的，提交税务部门打印的"
        "《中华人民共和国个人所得税纳税记录》，并同时提交工资流水。由单位上传。",
    ),
    (
        "PR4-wages",
        "工资流水",
        "Wage statement",
        [Process.PR4],
        "PR4",
        None,
        "与《个人所得税纳税记录》一同提交的工资流水（银行代发工资明细）。由单位上传。",
    ),
    (
        "PR5-resignation",
        "离职证明",
        "Resignation certificate",
        [Process.PR5],
        "PR5 T4",
        None,
        "原聘用单位解除关联时上传员工《离职证明》扫描件。",
    ),
    (
        "M7",
        "劳动合同",
        "Labour contract",
        [Process.PR3, Process.PR4, Process.PR5],
        "M7 T5",
        None,
        "甲方与申请单位一致，剩余有效期大于1个月；内容上传完整，不能只传续签页；签字盖章页须有单位盖章"
        "及员工签名；工作地点可不填，填写的须包含“北京”。由单位上传。",
    ),
]


def load() -> int:
    """Create the missing kinds; returns how many were created."""
    existing = set(MaterialKind.objects.values_list("code", flat=True))
    missing = [
        MaterialKind(
            code=code,
            name_zh=name_zh,
            name_en=name_en,
            processes=[str(p) for p in processes],
            accepted_types=[str(t) for t in ALL],
            max_size=DEFAULT_MAX_SIZE,
            validity_months=validity,
            rule_ids=rule_ids,
            help_zh=help_zh,
            sort_order=order * 10,
        )
        for order, (code, name_zh, name_en, processes, rule_ids, validity, help_zh) in enumerate(
            KINDS, start=1
        )
        if code not in existing
    ]
    # Two starts at once (two containers) may both find a kind missing: the unique code
    # lets the second insert pass over it instead of failing the start.
    MaterialKind.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)
