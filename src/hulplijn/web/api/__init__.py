"""The JSON API v1 (django-ninja) and the account pages for its tokens."""
