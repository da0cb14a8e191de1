"""Where a webhook may be sent: never to this network's own machines, unless allowed.

A subscription could otherwise make the server call its own admin ports, a cloud's
metadata service or anything else behind the firewall. The check runs when a URL is
given and again before each send, since a name can be pointed elsewhere later.
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")


class Unreachable(ValueError):
    """The host's name does not resolve: a delivery to it fails and is retried."""


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


async def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Unreachable(f"{host} does not resolve") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def shape_problem(url: str) -> str | None:
    """What is wrong with the URL's form, before anything is looked up."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        return "must be an http or https URL"
    if not parts.hostname:
        return "must name a host"
    if parts.username or parts.password:
        return "must not carry a user name or password"
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        return "has an invalid port"
    return None


async def internal_address(url: str) -> str | None:
    """The private, loopback or link-local address the URL's host resolves to, if any."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for address in await _addresses(host, port):
        if _is_internal(address):
            return str(address)
    return None
