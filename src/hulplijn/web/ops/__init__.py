"""Operations: request ids and request logs, the health endpoint, backup and restore."""
