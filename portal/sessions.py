"""Database sessions whose idle timeout is renewed at most once a minute.

The idle timeout (``SESSION_COOKIE_AGE``, settings) runs from the last request, so every
request saves the session (``SESSION_SAVE_EVERY_REQUEST``). Writing the row on every page
cost each page an UPDATE (three statements inside a test's transaction) and broke the pages'
query budgets; a session whose data did not change and whose row was renewed less than a
minute ago is not written again. A session thus ends between 29 and 30 idle minutes."""

from datetime import datetime, timedelta

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

RENEW_AFTER = timedelta(minutes=1)


class SessionStore(DatabaseSessionStore):
    _stored_expiry: datetime | None = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self._stored_expiry = session.expire_date if session is not None else None
        return session

    def _renewed_lately(self) -> bool:
        if self._stored_expiry is None or self.session_key is None:
            return False
        renewed_at = self._stored_expiry - timedelta(seconds=self.get_expiry_age())
        return timezone.now() - renewed_at < RENEW_AFTER

    def save(self, must_create: bool = False) -> None:
        if not must_create and not self.modified and self._renewed_lately():
            return
        super().save(must_create=must_create)
        self._stored_expiry = self.get_expiry_date()
