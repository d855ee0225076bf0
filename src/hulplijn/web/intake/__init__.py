"""Intake from real documents: register verification, XBRL and bank-statement prefill, CSV batches."""
