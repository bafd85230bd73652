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
