"""The curated public API (httpx's exported-members test): short, real, documented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import factlint


def test_every_exported_name_exists_and_is_documented():
    for name in factlint.__all__:
        assert hasattr(factlint, name), name
        member = getattr(factlint, name)
        if inspect.isclass(member) or inspect.isfunction(member):
            assert inspect.getdoc(member), f"factlint.{name} has no docstring"


def test_engine_modules_declare_their_public_names():
    for info in pkgutil.walk_packages(factlint.__path__, prefix="factlint."):
        module = importlib.import_module(info.name)
        assert inspect.getdoc(module), f"{info.name} has no module docstring"
        if info.name.rsplit(".", 1)[-1].startswith("_") or info.ispkg:
            continue
        exported = getattr(module, "__all__", None)
        if exported is None:
            continue
        for name in exported:
            assert hasattr(module, name), f"{info.name}.__all__ names missing {name}"


def test_the_package_is_typed():
    from importlib import resources

    assert resources.files("factlint").joinpath("py.typed").is_file()


def test_the_public_api_and_the_cli_find_the_same(tmp_path, capsys):
    """A library user calling `factlint.run` gets exactly the checks `factlint check` runs,
    the schema gate included."""
    import json

    import pytest
    from test_pipeline import small_seed_dataset

    from factlint.cli import main

    data = small_seed_dataset(tmp_path / "data")
    claims = data / "claims" / "seed-002.claims.jsonl"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace('"confidence": 1.0', '"confidence": 3.0', 1),
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        main(["check", "--datasets", str(data), "--output", str(tmp_path / "out"), "-q"])
    capsys.readouterr()
    from_cli = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    result = factlint.run(data)
    by_api = {(r["fingerprint"], r["code"], r["severity"]) for r in result.findings.to_dicts()}
    by_cli = {(f["fingerprint"], f["code"], f["severity"]) for f in from_cli["findings"]}
    assert by_api == by_cli
    assert "FL001" in {code for _, code, _ in by_api}  # the schema gate ran for both
