"""Operations, the platform under every app: request ids and request logs, client addresses
behind the proxies, shared rate limits, the health endpoint, backup and restore."""
