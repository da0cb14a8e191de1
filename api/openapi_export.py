"""Write the app's OpenAPI document as stable YAML (`make openapi`)."""

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from api.main import create_app
from api.settings import Environment, Settings

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"


NUMBER_LIKE = re.compile(r"^[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?$")


class SpecDumper(yaml.SafeDumper):
    """Quotes strings such as grade "08" that a YAML 1.2 reader would take for numbers."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if value and NUMBER_LIKE.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


SpecDumper.add_representer(str, _represent_str)


def render_spec() -> str:
    app = create_app(
        Settings(environment=Environment.test, database_url="sqlite+aiosqlite:///:memory:")
    )
    spec: dict[str, Any] = app.openapi()
    return yaml.dump(spec, Dumper=SpecDumper, sort_keys=True, allow_unicode=True, width=100)


def main() -> None:
    text = render_spec()
    if "--check" in sys.argv:
        if not SPEC_PATH.exists() or SPEC_PATH.read_text() != text:
            sys.exit("openapi.yaml is stale: run `make openapi` and commit it")
        return
    SPEC_PATH.write_text(text)


if __name__ == "__main__":
    main()
