"""`[tool.factlint]`: selection, severities, options; unknown things are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from factlint.config import Config, load_config, resolve_rules
from factlint.errors import ConfigError

DEFAULTS = {
    "FL101": ("error", {"tolerance_days": 0}),
    "FL102": ("warning", {}),
    "FL201": ("info", {"min_spellings": 2}),
}
ENGINE = ["FL001", "FL009"]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.factlint]\n" + body, encoding="utf-8")
    return path


def test_defaults_select_everything():
    resolved = resolve_rules(Config(), DEFAULTS, ENGINE)
    assert set(resolved) == {"FL001", "FL009", "FL101", "FL102", "FL201"}
    assert resolved["FL102"].severity == "warning"
    assert resolved["FL101"].options == {"tolerance_days": 0}


def test_select_ignore_by_prefix_severity_and_options(tmp_path):
    config = load_config(
        write(
            tmp_path,
            'select = ["FL1", "FL001"]\nignore = ["FL102"]\n'
            '[tool.factlint.severity]\nFL101 = "warning"\n'
            "[tool.factlint.options.FL101]\ntolerance_days = 1\n",
        )
    )
    resolved = resolve_rules(config, DEFAULTS, ENGINE)
    assert set(resolved) == {"FL001", "FL101"}
    assert resolved["FL101"].severity == "warning"
    assert resolved["FL101"].options == {"tolerance_days": 1}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selekt = ["ALL"]\n', "unknown key"),
        ('select = ["FL999"]\n', "unknown code or prefix 'FL999'"),
        ('ignore = ["XY"]\n', "unknown code or prefix 'XY'"),
        ('[tool.factlint.severity]\nFL101 = "fatal"\n', "must be one of"),
        ('[tool.factlint.severity]\nFL777 = "info"\n', "unknown code 'FL777'"),
        ("[tool.factlint.options.FL101]\ntolerance = 1\n", "unknown option 'tolerance'"),
        ('[tool.factlint.options.FL101]\ntolerance_days = "1"\n', "must be int"),
        ("[tool.factlint.options.FL102]\nanything = true\n", "known: none"),
        ('fail-on = "never"\n', "fail-on"),
        ("select = \n", "invalid TOML"),
    ],
)
def test_unknown_or_invalid_configuration_is_an_error(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message):
        resolve_rules(load_config(write(tmp_path, body)), DEFAULTS, ENGINE)
