"""Which addresses webhooks may go to: https:// on public networks only (no SSRF into the
council's own network), or http://127.0.0.1 when PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP is on.

The address is checked when it is registered and again, after the name is resolved,
at each delivery; the connection then goes to the address that was checked, so a name
that resolves differently the second time (DNS rebinding) cannot redirect it.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_LENGTH = 500
LOCAL_HOST = "127.0.0.1"


class AddressRefused(ValueError):
    """The endpoint's address may not be used; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    ip: str  # the checked address to connect to


def check_url(url: str, *, allow_local_http: bool, ports: tuple[int, ...] = (443,)) -> None:
    """Refuse an address that can never be used (at registration): not https, a port
    not in `ports`, or a private or local address written as such (in any spelling
    the system's resolver would read as one). A name is resolved and checked again
    at each delivery."""
    parts, host, _ = _parts(url, allow_local_http=allow_local_http, ports=ports)
    if parts.scheme == "https" and (
        host.rstrip(".") == "localhost" or not _is_public_literal(host)
    ):
        raise AddressRefused("the address is a private or local one")


#: IPv6 ranges that carry an IPv4 address inside (NAT64, IPv4-compatible, SIIT, 6to4,
#: Teredo): the IPv4 one is where the packets end up, so none is taken as public.
_EMBEDDING_IPV4 = tuple(
    ipaddress.ip_network(network)
    for network in (
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "::/96",
        "::ffff:0:0/96",
        "::ffff:0:0:0/96",
        "2002::/16",
        "2001::/32",
    )
)


#: Not public, though some Python versions count it as global.
_IETF_PROTOCOL = ipaddress.ip_network("192.0.0.0/24")


def is_public_ip(address: str) -> bool:
    """An IP address on the public internet, and not an IPv6 form of an IPv4 one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and any(ip in network for network in _EMBEDDING_IPV4):
        return False
    return ip.is_global and not ip.is_multicast and ip not in _IETF_PROTOCOL


def _is_public_literal(host: str) -> bool:
    """False for an IP address that is not on the public internet; True otherwise
    (including any name, which is checked once resolved). Other spellings of IPv4
    (`2130706433`, `0x7f000001`, `127.1`, `0`) are read as the resolver reads them."""
    try:
        return is_public_ip(host.strip("[]"))
    except ValueError:
        pass
    try:
        return is_public_ip(socket.inet_ntoa(socket.inet_aton(host)))
    except OSError:
        return not host.endswith((".localhost", ".local", ".internal"))


def _parts(url: str, *, allow_local_http: bool, ports: tuple[int, ...]):
    if len(url) > MAX_URL_LENGTH or not url.isprintable() or any(c.isspace() for c in url):
        raise AddressRefused(f"the address must be one line of at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused("the address cannot be read") from None
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("the address must not contain a user name or password")
    if parts.fragment:
        raise AddressRefused("the address must not contain a #fragment")
    host = (parts.hostname or "").lower()
    if not host:
        raise AddressRefused("the address has no host name")
    if parts.scheme == "https":
        if (port or 443) not in ports:
            allowed = ", ".join(str(number) for number in ports)
            raise AddressRefused(f"the port must be one of {allowed} (PORTAL_WEBHOOKS_PORTS)")
        return parts, host, port or 443
    if parts.scheme == "http" and allow_local_http and host == LOCAL_HOST:
        return parts, host, port or 80
    if parts.scheme == "http" and host == LOCAL_HOST:
        raise AddressRefused(
            "http://127.0.0.1 is allowed only with PORTAL_WEBHOOKS_ALLOW_LOCAL_HTTP=1 (tests)"
        )
    raise AddressRefused("the address must start with https://")


def resolve(url: str, *, allow_local_http: bool, ports: tuple[int, ...] = (443,)) -> Target:
    """Resolve the host and check every address it gives. Raises AddressRefused."""
    parts, host, port = _parts(url, allow_local_http=allow_local_http, ports=ports)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if parts.scheme == "http":  # only 127.0.0.1 itself gets here
        return Target("http", host, port, path, LOCAL_HOST)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressRefused("the host name could not be resolved") from None
    addresses: list[str] = []
    for info in found:
        address = info[4][0]  # text for IPv4 and IPv6, the only families TCP gives here
        if not isinstance(address, str) or not is_public_ip(address):
            raise AddressRefused("the host name resolves to a private or local address")
        addresses.append(address)
    return Target("https", host, port, path, addresses[0])
