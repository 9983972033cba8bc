"""What rules announces to the apps above it, which it must not import
(docs/architecture.md): ``calendar_changed(years=[...])`` is sent inside the transaction that
changed the working-day calendar (an import, an override edited or deleted). Receivers do no
work of their own: they enqueue it after the commit (reviews recomputes promised dates)."""

from django.dispatch import Signal

calendar_changed = Signal()
