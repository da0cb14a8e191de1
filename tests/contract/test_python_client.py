"""District integrators generate Python clients from the spec: every operation must come out."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from api.openapi_export import render_spec

BIN = Path(sys.executable).parent
GENERATOR = BIN / "openapi-python-client"
OPERATION_ID = re.compile(r"^\s+operationId: (\w+)$", re.MULTILINE)
# Files sent as they are (a CSV export, a OneRoster zip): the generator makes no function
# for a body it cannot model, so scripts send these few with any HTTP client.
RAW_BODIES = {"text/csv", "application/zip"}
WARNING = re.compile(r"WARNING parsing (\w+) (\S+)")


def snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", operation_id).lower()


def test_openapi_python_client_generates_every_operation(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(render_spec())
    out = tmp_path / "client"
    arguments = ["generate", "--path", str(spec), "--output-path", str(out), "--meta", "none"]
    result = subprocess.run(
        [str(GENERATOR), *arguments],
        capture_output=True,
        text=True,
        check=False,
        # Its post-generation hooks (ruff) come from the same environment.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "error" not in output.lower(), output
    paths = yaml.safe_load(spec.read_text())["paths"]
    raw = {
        (method.upper(), path)
        for path, item in paths.items()
        for method, operation in item.items()
        if set(operation.get("requestBody", {}).get("content", {})) & RAW_BODIES
        or any(
            set(answer.get("content", {})) & RAW_BODIES - {"text/csv"}
            for answer in operation["responses"].values()
        )
    }
    assert set(WARNING.findall(output)) <= raw, output
    assert output.lower().count("warning parsing") == len(WARNING.findall(output)), output
    generated = {
        module.stem
        for module in (out / "api").rglob("*.py")
        if "def sync_detailed" in module.read_text()
    }
    expected = {snake(operation_id) for operation_id in OPERATION_ID.findall(spec.read_text())}
    assert len(expected) > 60
    skipped = {
        snake(paths[path][method.lower()]["operationId"])
        for method, path in raw
        if set(paths[path][method.lower()].get("requestBody", {}).get("content", {})) <= RAW_BODIES
    }
    assert expected - skipped == generated - skipped
    assert generated <= expected
