"""What the assessments app announces to the apps above it, which it does not know."""

from __future__ import annotations

from django.dispatch import Signal

stored = Signal()
"""An assessment was stored (``assessment``), sent inside the transaction that stores it
(services.store), so a receiver's writes are kept or rolled back with it. The cockpit queues a
consenting assessment for the anonymised statistics here (cockpit.statistics)."""

carried_over = Signal()
"""An assessment was stored from a draft filled in from the owner's earlier assessment
(``assessment``, ``source``; assessments.prefill), inside the same transaction. The guidance
app copies the survey answers of ``source`` to ``assessment`` here."""
