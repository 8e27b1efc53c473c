"""whoswatching: who runs which surveillance cameras in UK public life, with what analytics, how exposed."""

__version__ = "0.1.0"
