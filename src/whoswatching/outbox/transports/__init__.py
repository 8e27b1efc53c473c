"""Outbox transports, listed explicitly: SMTP when configured, else the embedded files default."""

from __future__ import annotations

from whoswatching import config
from whoswatching.outbox.transports.base import Envelope, Outcome, Result, Transport
from whoswatching.outbox.transports.files import FilesTransport
from whoswatching.outbox.transports.smtp import SmtpTransport

#: Every transport by name (house style: an explicit registry, no discovery).
TRANSPORTS: dict[str, type[SmtpTransport] | type[FilesTransport]] = {
    "smtp": SmtpTransport,
    "files": FilesTransport,
}


def transport_default_name() -> str:
    """``smtp`` when WHOSWATCHING_SMTP_HOST is set, else ``files`` (never the network)."""
    return "smtp" if config.SMTP_HOST else "files"


def transport_make(name: str | None = None) -> Transport:
    """Build the named transport (default: :func:`transport_default_name`) from configuration."""
    name = name or transport_default_name()
    if name not in TRANSPORTS:
        raise ValueError(f"unknown transport {name!r}; choose from {', '.join(TRANSPORTS)}")
    return TRANSPORTS[name]()


__all__ = ["TRANSPORTS", "Envelope", "Outcome", "Result", "Transport", "transport_default_name", "transport_make"]
