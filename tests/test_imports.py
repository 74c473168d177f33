"""The apps import one way: brsportal (core) <- decisions <- activities <- reports.

The contract, with its stated exceptions, is ``[tool.importlinter]`` in
pyproject.toml; import-linter reads every module's imports, direct and indirect.
"""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_no_module_imports_against_the_layers(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0
