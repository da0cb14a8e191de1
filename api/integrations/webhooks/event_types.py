"""Which events a subscription takes: `resource.operation` patterns, `*` for any part."""

import re

ANY = "*"
# `schools.update`, `schools.*`, `*.delete`, or `*` alone for everything.
PATTERN = r"^(\*|[a-z][a-z0-9_]{0,62}\.(\*|[a-z]{1,16}))$|^\*\.[a-z]{1,16}$"
MAX_PATTERN_LENGTH = 80
_compiled = re.compile(PATTERN)


def is_pattern(text: str) -> bool:
    return bool(_compiled.match(text))


def event_type(resource: str, operation: str) -> str:
    return f"{resource}.{operation}"


def matches(patterns: list[str], resource: str, operation: str) -> bool:
    for pattern in patterns:
        if pattern == ANY:
            return True
        wanted_resource, _, wanted_operation = pattern.partition(".")
        if wanted_resource in (ANY, resource) and wanted_operation in (ANY, operation):
            return True
    return False
