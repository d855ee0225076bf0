"""Accounts: e-mail login, registration, the owner's overview; advisers receive shared work."""
