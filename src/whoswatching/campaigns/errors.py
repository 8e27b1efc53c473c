"""The campaigns domain's own exception (the CLI maps it to a usage error, the web to a message)."""


class CampaignError(Exception):
    """A campaigns use-case refused; the message says why and what to do next."""
