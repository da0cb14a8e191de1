"""The school summary as a printable page: print CSS, no script, autoescaped."""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template

TEMPLATES = Path(__file__).parent / "templates"


def figure(value: float | None) -> str:
    """A reading as people write it: 92.5, 12 (not 12.0), or a dash."""
    if value is None:
        return "\u2013"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@cache
def _template() -> Template:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    environment.globals["figure"] = figure
    return environment.get_template("summary.html.j2")


def render_summary(summary: dict[str, Any]) -> str:
    return _template().render(**summary)
