"""A real SMTP server on loopback (aiosmtpd) that records messages and connections."""

import socket
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Recorder:
    def __init__(self):
        self.messages = []
        self.connections = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(envelope)
        return "250 OK"


class _CountingSMTP(SMTP):
    def connection_made(self, transport):
        with self.event_handler.lock:
            self.event_handler.connections += 1
        super().connection_made(transport)


class _Controller(Controller):
    def factory(self):
        return _CountingSMTP(self.handler, **self.SMTP_kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port=None):
    handler = Recorder()
    controller = _Controller(handler, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    handler.connections = 0  # start() makes one connection itself to check the server is up
    return controller, handler
