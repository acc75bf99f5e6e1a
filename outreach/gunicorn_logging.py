"""
Gunicorn's logger without client addresses (gunicorn.conf.py). The access log format leaves the address out; the
error log is filtered, because gunicorn writes the address into messages such as "Invalid request from
ip=203.0.113.7" on a malformed request. The site promises residents that no address is kept anywhere (README,
"Residents' questions and privacy"; SECURITY.md).
"""

import ipaddress
import logging
import re

from gunicorn.glogging import Logger

# Anything that could be an IPv4 or IPv6 address (with a port or a trailing colon); ipaddress decides.
CANDIDATE = re.compile(r"(?<![\w.:])[0-9A-Fa-f.:]{2,53}(?![\w.:])")


def _scrubbed(match):
    text = match.group(0)
    stripped = text.rstrip(":.")
    for address, rest in ((stripped, text[len(stripped) :]), *_host_and_port(stripped)):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            continue
        return "[address]" + text[len(address) :] if rest is None else "[address]" + rest
    return text


def _host_and_port(text):
    # "203.0.113.7:54321": an IPv4 address and a port.
    host, _, port = text.rpartition(":")
    if host and port.isdigit() and "." in host:
        yield host, None


def without_addresses(text):
    return CANDIDATE.sub(_scrubbed, text)


class AddressFilter(logging.Filter):
    def filter(self, record):
        record.msg = without_addresses(record.getMessage())
        record.args = ()
        return True


class AddresslessLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            handler.addFilter(AddressFilter())
