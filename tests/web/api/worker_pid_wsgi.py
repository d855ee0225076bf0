"""The app as gunicorn serves it, plus a response header naming the worker process that answered:
tests/web/api/test_limits_workers.py uses it to see that both workers served requests."""

import os

from hulplijn.web.wsgi import application as app


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Test-Worker-Pid", str(os.getpid()))], exc_info)

    return app(environ, start)
