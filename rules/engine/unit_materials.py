"""Rule U10: the unit attachments (a)–(e) that business permission needs. Whether a scan is
what it claims is a reviewer's judgement; that each is there is decided here. The tax
certificate's date is rule T6 (deadlines.check_t6)."""

from __future__ import annotations

from collections.abc import Sequence

from .verdict import RuleResult, fail, review


def check_u10(missing: Sequence[tuple[str, str]]) -> RuleResult:
    """``missing``: (Chinese, English) names of the U10 materials not uploaded yet."""
    if missing:
        names_zh = "、".join(zh for zh, _ in missing)
        names_en = ", ".join(en for _, en in missing)
        return fail(
            "U10",
            f"尚缺单位附件：{names_zh}（U10）",
            f"unit attachments missing: {names_en} (U10)",
            "请在“附件管理”中上传所缺材料",
            "upload the missing materials under Attachments",
        )
    return review(
        "U10",
        "单位附件（a）–（e）已齐全，待审核人员核对内容（U10）",
        "unit attachments (a)–(e) are all uploaded; a reviewer checks their content (U10)",
    )
