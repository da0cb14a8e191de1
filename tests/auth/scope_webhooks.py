"""Webhooks in the scope matrix. Every role may subscribe to what it reads; a subscription
is its owner's alone (an administrator's too), so another's is a 404 to everyone but an
administrator, on either side. The world's records are made before the caller exists, so
the matrix asks for a subscription that is not the caller's (an unknown id); the owners'
own rights are tested in tests/integrations/webhooks/test_subscriptions.py."""

import uuid

from api.auth.roles import Role
from tests.auth.scope_expect import Ops

PUBLIC_URL = "https://93.184.215.14/hooks/trellis"


def hook(suffix: str = "") -> str:
    return f"/webhooks/{uuid.uuid4()}{suffix}"


EVERYONE_404 = dict.fromkeys(Role, (404, 404))

WEBHOOKS: Ops = {
    "listWebhooks": (lambda w, i: ("GET", "/webhooks", None), dict.fromkeys(Role, (200, 200))),
    "listWebhookEventTypes": (
        lambda w, i: ("GET", "/webhooks/event-types", None),
        dict.fromkeys(Role, (200, 200)),
    ),
    "createWebhook": (
        lambda w, i: ("POST", "/webhooks", {"url": PUBLIC_URL, "event_types": ["schools.*"]}),
        dict.fromkeys(Role, (201, 201)),
    ),
    "getWebhook": (lambda w, i: ("GET", hook(), None), EVERYONE_404),
    "updateWebhook": (lambda w, i: ("PATCH", hook(), {"active": False}), EVERYONE_404),
    "deleteWebhook": (lambda w, i: ("DELETE", hook(), None), EVERYONE_404),
    "rotateWebhookSecret": (lambda w, i: ("POST", hook("/rotate-secret"), None), EVERYONE_404),
    "listWebhookDeliveries": (lambda w, i: ("GET", hook("/deliveries"), None), EVERYONE_404),
    "redeliverWebhookDelivery": (
        lambda w, i: ("POST", hook("/deliveries/1/redeliver"), None),
        EVERYONE_404,
    ),
}
