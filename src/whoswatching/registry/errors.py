"""Exceptions of the registry domain. The CLI maps them to a clear error and exit code 1, the web to 404/400.

    RegistryError
    ├── UnknownSource          a source name not in sources.SOURCES
    ├── SourceFileError        the file as a whole cannot be read as that source (wraps SourceFormatError)
    ├── ConcurrentImport       another writer changed the register during a commit; nothing was applied
    ├── BodyNotFound           no body with that slug
    ├── ContactNotFound        no such address on that body
    └── InvalidContact         a malformed address or state given to a contact service
"""

from __future__ import annotations


class RegistryError(Exception):
    pass


class UnknownSource(RegistryError):
    pass


class SourceFileError(RegistryError):
    pass


class ConcurrentImport(RegistryError):
    pass


class BodyNotFound(RegistryError):
    pass


class ContactNotFound(RegistryError):
    pass


class InvalidContact(RegistryError):
    pass
