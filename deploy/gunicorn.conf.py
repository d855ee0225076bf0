"""gunicorn settings by path, for a checkout:

    gunicorn -c deploy/gunicorn.conf.py hulplijn.web.wsgi

The settings live in the package (``-c python:hulplijn.web.gunicorn_conf`` works for an installed
wheel too); this file only offers them under the conventional path, hooks included.
"""

from hulplijn.web.gunicorn_conf import *  # noqa: F403
