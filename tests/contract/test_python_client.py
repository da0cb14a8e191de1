"""District integrators generate Python clients from the spec: every operation must come out."""

import os
import re
import subprocess
import sys
from pathlib import Path

from api.openapi_export import render_spec

BIN = Path(sys.executable).parent
GENERATOR = BIN / "openapi-python-client"
OPERATION_ID = re.compile(r"^\s+operationId: (\w+)$", re.MULTILINE)


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
    assert "warning" not in output.lower(), output
    assert "error" not in output.lower(), output
    generated = {
        module.stem
        for module in (out / "api").rglob("*.py")
        if "def sync_detailed" in module.read_text()
    }
    expected = {snake(operation_id) for operation_id in OPERATION_ID.findall(spec.read_text())}
    assert len(expected) > 60
    assert expected == generated
