"""Delivery channels. The inbox needs none: the notice row is what the inbox shows. Every
other channel implements ``NoticeChannel`` and is listed in ``CHANNELS`` under its
``constants.Channel`` member; ``services.notices_create`` records one ``Delivery`` per notice
and channel where the recipient has an address, ``services.deliveries_send`` sends it.

SMS is not built: it would be ``Channel.SMS``, a class whose ``address_for`` returns the
user's mobile number and whose ``send`` calls the gateway, and its entry below.
"""

from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from .constants import Channel
from .models import Notice
from .texts import notice_texts_in


class NoticeChannel(Protocol):
    # The user fields ``address_for`` reads: the recipients of a batch are read with these
    # only, with the notices' insert (services.notices_create).
    user_fields: tuple[str, ...]

    def address_for(self, user: Mapping[str, Any]) -> str:
        """Where this user (the values of ``user_fields``) is reached on this channel; empty
        when not at all."""
        ...

    def send(self, notice: Notice, *, address: str, language: str) -> None:
        """Deliver or raise; called again later for a delivery not recorded as sent."""
        ...


class EmailChannel:
    user_fields = ("email", "is_active")

    def address_for(self, user: Mapping[str, Any]) -> str:
        return user["email"] if user["is_active"] else ""

    def send(self, notice: Notice, *, address: str, language: str) -> None:
        subject, body = notice_texts_in(notice, language)
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            # Lets a mail log (and the worker test) tell one notice's e-mail from another's.
            headers={"X-Notice-Id": str(notice.pk)},
        ).send()


CHANNELS: dict[str, NoticeChannel] = {Channel.EMAIL: EmailChannel()}
