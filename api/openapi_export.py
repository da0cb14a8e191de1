"""Write the app's OpenAPI document as stable YAML (`make openapi`)."""

import sys
from pathlib import Path
from typing import Any

import yaml

from api.main import create_app
from api.settings import Environment, Settings

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"


def render_spec() -> str:
    app = create_app(
        Settings(environment=Environment.test, database_url="sqlite+aiosqlite:///:memory:")
    )
    spec: dict[str, Any] = app.openapi()
    return yaml.safe_dump(spec, sort_keys=True, allow_unicode=True, width=100)


def main() -> None:
    text = render_spec()
    if "--check" in sys.argv:
        if not SPEC_PATH.exists() or SPEC_PATH.read_text() != text:
            sys.exit("openapi.yaml is stale: run `make openapi` and commit it")
        return
    SPEC_PATH.write_text(text)


if __name__ == "__main__":
    main()
