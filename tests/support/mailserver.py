"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests that read the mail the site sends:
the site talks SMTP to it exactly as to the production mail relay."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Collect:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"


class MailServer:
    def __init__(self) -> None:
        self._handler = _Collect()
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=_free_port())

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    @property
    def port(self) -> int:
        return self._controller.port

    def clear(self) -> None:
        with self._handler.lock:
            self._handler.messages.clear()

    def wait_for(self, to: str, timeout: float = 10.0) -> EmailMessage:
        """The newest message to ``to``, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._handler.lock:
                found = [m for m in self._handler.messages if to in str(m["To"])]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no e-mail to {to} within {timeout} s")


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
