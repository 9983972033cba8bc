"""Sessions kept in the database and served from the cache, whose idle timeout is renewed at
most once a minute.

The idle timeout (``SESSION_COOKIE_AGE``, settings) runs from the last request, so every
request saves the session (``SESSION_SAVE_EVERY_REQUEST``). Writing the row on every page
cost each page an UPDATE and broke the pages' query budgets; a session whose data did not
change and which was renewed less than a minute ago is not written again. A session thus ends
between 29 and 30 idle minutes.

Reading it cost each page a SELECT: Django's ``cached_db`` store answers from the cache
(shared by the portal's processes, ``CACHE_URL``) and falls back to the row, which stays the
record (signing out deletes both). The time of the last renewal travels inside the session's
data (``RENEWED_KEY``), so it is known whichever of the two answered."""

import time

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseStore

RENEW_AFTER_SECONDS = 60
RENEWED_KEY = "_renewed_at"


class SessionStore(CachedDatabaseStore):
    def _renewed_lately(self) -> bool:
        if self.session_key is None:
            return False
        renewed_at = self._get_session().get(RENEWED_KEY)
        return renewed_at is not None and time.time() - renewed_at < RENEW_AFTER_SECONDS

    def save(self, must_create: bool = False) -> None:
        if not must_create and not self.modified and self._renewed_lately():
            return
        data = self._get_session()
        if any(key != RENEWED_KEY for key in data):  # an empty session stays empty
            data[RENEWED_KEY] = time.time()
        super().save(must_create=must_create)
