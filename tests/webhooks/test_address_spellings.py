"""SSRF: IPv6 forms that carry an IPv4 address, other spellings of IPv4 and ports
other than the allowed ones are refused when an endpoint is registered and when a
name resolves to them at delivery."""

import socket

import pytest

from portal.webhooks.addresses import AddressRefused, check_url, resolve


@pytest.mark.parametrize(
    "url",
    [
        "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
        "https://[64:ff9b::7f00:1]/",
        "https://[64:ff9b:1::a00:1]/",  # local-use NAT64
        "https://[::127.0.0.1]/",  # IPv4-compatible
        "https://[::ffff:0:7f00:1]/",  # SIIT
        "https://[::ffff:127.0.0.1]/",
        "https://[2002:7f00:1::]/",  # 6to4
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
        "https://2130706433/",
        "https://0x7f000001/",
        "https://017700000001/",
        "https://127.1/",
        "https://0/",
        "https://localhost./",
        "https://224.0.0.1/",
        "https://192.0.0.8/",
    ],
)
def test_hidden_private_addresses_are_refused_at_registration(url):
    with pytest.raises(AddressRefused, match="private or local"):
        check_url(url, allow_local_http=False)


def test_a_name_resolving_to_an_ipv6_form_of_a_private_ipv4_is_refused(monkeypatch):
    def nat64(host, port, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", nat64)
    with pytest.raises(AddressRefused, match="private or local"):
        resolve("https://hooks.example.org/", allow_local_http=False)


def test_only_the_allowed_ports(monkeypatch):
    check_url("https://hooks.example.org/x", allow_local_http=False)
    check_url("https://hooks.example.org:443/x", allow_local_http=False)
    with pytest.raises(AddressRefused, match="port must be one of 443"):
        check_url("https://hooks.example.org:22/x", allow_local_http=False)
    check_url("https://hooks.example.org:8443/x", allow_local_http=False, ports=(443, 8443))
    with pytest.raises(AddressRefused, match="port"):
        resolve("https://1.1.1.1:6379/", allow_local_http=False)


def test_public_addresses_still_pass():
    for url in ("https://1.1.1.1/", "https://16843009/", "https://[2606:4700:4700::1111]/"):
        check_url(url, allow_local_http=False)


def test_the_port_list_setting(tmp_path):
    from portal.config import Settings

    base = {"PORTAL_INSTANCE_DIR": str(tmp_path)}
    assert Settings.load(base).webhooks_ports == (443,)
    both = Settings.load({**base, "PORTAL_WEBHOOKS_PORTS": "443, 8443"})
    assert both.webhooks_ports == (443, 8443)
    for wrong in ("https", "0", ""):
        with pytest.raises(RuntimeError, match="PORTAL_WEBHOOKS_PORTS"):
            Settings.load({**base, "PORTAL_WEBHOOKS_PORTS": wrong})
