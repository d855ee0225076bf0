"""Audit log: who other than the owner opened or changed a firm's data, and when."""
