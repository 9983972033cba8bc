"""A notice's words: the subject and body templates of its kind
(``notices/kinds/<kind>/subject.txt`` and ``body.txt``), rendered in a given language. The
inbox renders them in the reader's active language, e-mail in the recipient's preference."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .constants import DEFAULT_NOTICE_LANGUAGE
from .models import Notice, Preference


def notice_subject(notice: Notice) -> str:
    return " ".join(render_to_string(_template(notice, "subject"), _context(notice)).split())


def notice_body(notice: Notice) -> str:
    return render_to_string(_template(notice, "body"), _context(notice)).strip() + "\n"


def notice_texts_in(notice: Notice, language: str) -> tuple[str, str]:
    with translation.override(language):
        return notice_subject(notice), notice_body(notice)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else ""


def languages_of(user_ids: list[int]) -> dict[int, str]:
    """Each user's notice language; the default (Chinese) for users without a preference."""
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids).values_list("user_id", "language")
    )
    return {pk: chosen.get(pk, DEFAULT_NOTICE_LANGUAGE) for pk in user_ids}


def _template(notice: Notice, part: str) -> str:
    return f"notices/kinds/{notice.kind}/{part}.txt"


def _context(notice: Notice) -> dict:
    return {
        "notice": notice,
        "p": notice.params,
        "deadline": notice.deadline.isoformat(),
        "link": absolute_url(notice.url),
    }
