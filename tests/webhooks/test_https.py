"""The sender's HTTPS: it connects to the address that was checked, and checks the
certificate for the receiver's name (a receiver on 127.0.0.1 with a certificate made
here stands in for one on the internet)."""

import datetime as dt
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from portal.webhooks import sender
from portal.webhooks.addresses import Target


def certificate(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class _Handler(BaseHTTPRequestHandler):
    received: list

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.received.append(
            (self.headers["Host"], self.rfile.read(int(self.headers["Content-Length"])))
        )
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch):
    cert_file, key_file = certificate(tmp_path, "hooks.example.org")
    received: list = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_Handler,), {"received": received}))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopper = threading.Timer(60, server.shutdown)
    stopper.start()
    # Trust the certificate made here, as the system's store trusts a real one.
    real = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda: real(cafile=str(cert_file)))
    try:
        yield server.server_address[1], received
    finally:
        stopper.cancel()
        server.shutdown()
        server.server_close()


def test_it_posts_over_https_to_the_checked_address_with_the_name_checked(tls_receiver):
    port, received = tls_receiver
    target = Target("https", "hooks.example.org", port, "/x", "127.0.0.1")
    status = sender.post(target, b'{"kind": "created"}', {"Content-Type": "application/json"})
    assert status == 204
    assert received == [(f"hooks.example.org:{port}", b'{"kind": "created"}')]


def test_a_certificate_for_another_name_is_refused(tls_receiver):
    port, received = tls_receiver
    target = Target("https", "other.example.org", port, "/x", "127.0.0.1")
    with pytest.raises(ssl.SSLCertVerificationError):
        sender.post(target, b"{}", {"Content-Type": "application/json"})
    assert received == []
