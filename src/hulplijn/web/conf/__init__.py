"""Settings, split by environment: base, dev (make run), ci (tests), production."""
