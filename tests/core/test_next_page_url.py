"""The next page's URL keeps every other query parameter as the client sent it."""

import pytest
from starlette.requests import Request

from api.core.pagination import with_query_param


def request_for(query: bytes) -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": "https",
            "server": ("api.example.org", 443),
            "root_path": "",
            "path": "/api/v1/schools",
            "query_string": query,
            "headers": [(b"host", b"api.example.org")],
        }
    )


@pytest.mark.parametrize(
    "query",
    [
        b"",
        b"state=CA&level=high&limit=50",
        b"cursor=old&state=CA",
        b"state=CA&state=NY&cursor=old&cursor=older&q=",
        b"q=caf%C3%A9+%26+co&sort=-name,updated_at",
        b"updated_since=2026-01-01T00%3A00%3A00%2B02%3A00",
    ],
)
def test_matches_starlettes_url_with_the_parameter_replaced(query: bytes) -> None:
    request = request_for(query)
    ours = with_query_param(request, "cursor", "eyJrIjpbMV19")
    assert ours == str(request.url.include_query_params(cursor="eyJrIjpbMV19"))
    assert ours.startswith("https://api.example.org/api/v1/schools?")
    assert ours.endswith("cursor=eyJrIjpbMV19")
    assert ours.count("cursor=") == 1
