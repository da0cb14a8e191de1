"""Webhooks: subscriptions, an outbox filled with each change, and the worker that sends it.

Importing the package registers the outbox with the event log, so every process that
knows these tables (api.models imports them) fills it.
"""

from api.integrations.webhooks.outbox import install

install()
