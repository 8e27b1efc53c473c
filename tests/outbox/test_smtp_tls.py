"""STARTTLS and AUTH against aiosmtpd on 127.0.0.1 with a throwaway certificate (RFC 3207, RFC 4954)."""

from __future__ import annotations

import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.outbox.smtpd import Recorder, free_port
from whoswatching.outbox import services
from whoswatching.outbox.models import OutboxMessage, State
from whoswatching.outbox.throttle import Throttle
from whoswatching.outbox.transports.smtp import SmtpTransport

pytestmark = pytest.mark.django_db


@pytest.fixture
def tls_server(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((mechanism, auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"northmoor-sender" and auth_data.password == b"s3cret")

    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, server_hostname="localhost",
                            tls_context=server_ctx, require_starttls=True, authenticator=authenticator,
                            auth_require_tls=True)
    controller.start()
    client_ctx = ssl.create_default_context(cafile=str(cert))
    yield port, client_ctx, recorder, logins
    controller.stop()


def test_starttls_and_auth(enqueue, tls_server):
    port, ctx, recorder, logins = tls_server
    enqueue(2)
    transport = SmtpTransport(host="127.0.0.1", port=port, starttls=True, user="northmoor-sender",
                              password="s3cret", ssl_context=ctx, timeout=10)
    report = services.outbox_deliver(transport=transport, throttle=Throttle())
    transport.close()
    assert report.sent == 2 and len(recorder.received) == 2
    assert logins and logins[0][1] == b"northmoor-sender"


def test_wrong_password_is_a_transport_failure_and_loses_nothing(enqueue, tls_server):
    port, ctx, recorder, _ = tls_server
    enqueue(2)
    transport = SmtpTransport(host="127.0.0.1", port=port, starttls=True, user="northmoor-sender",
                              password="wrong", ssl_context=ctx, timeout=3)
    report = services.outbox_deliver(transport=transport, throttle=Throttle())
    assert report.sent == 0 and report.stopped.startswith("transport unavailable")
    assert not recorder.received
    assert set(OutboxMessage.objects.values_list("state", flat=True)) <= {State.QUEUED, State.DEFERRED}
