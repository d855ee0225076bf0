"""Adapters for real-world inputs: SBR/XBRL annual accounts, MT940 and CAMT.053 bank statements,
the KVK API and CSV batches. They parse and check; they know the core, not the web."""
