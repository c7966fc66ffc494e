"""The table store: :mod:`kehoach.store.read` (every reader) and :mod:`kehoach.store.write` (atomic writes)."""
