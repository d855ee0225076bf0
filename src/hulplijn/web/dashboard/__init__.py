"""The dashboard of a stored assessment: its figures as data (figures) and its pages (views).
Not a Django app: no models, templates or commands of its own."""
