"""Rules are data: TOML files in rules/, overlaid by the user's `--rules DIR`."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGED = Path(__file__).parent / "_rules"          # inside an installed wheel
_CHECKOUT = Path(__file__).resolve().parents[2] / "rules"  # in a source checkout / editable install


class RulesError(Exception):
    """A rules file the user gave cannot be read."""


def builtin_rules_dir() -> Path:
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def _merge(base: Any, extra: Any) -> Any:
    """Tables merge key by key; arrays extend (user entries first, so they win ties)."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return extra + [item for item in base if item not in extra]
    return extra


def read_toml(path: Path) -> dict:
    """One TOML file; a missing or broken one is a one-line RulesError."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path}: {exc}") from None


@lru_cache(maxsize=64)
def load(name: str, overlays: tuple[str, ...] = ()) -> dict:
    """Load rules/<name>.toml merged with the same file from each overlay directory."""
    data = read_toml(builtin_rules_dir() / f"{name}.toml")
    for directory in overlays:
        extra = Path(directory) / f"{name}.toml"
        if extra.is_file():
            data = _merge(data, read_toml(extra))
    return data


def check_overlays(overlays: tuple[str, ...]) -> None:
    """Fail early, with one line, on a --rules DIR that is missing or holds broken TOML."""
    for directory in overlays:
        path = Path(directory)
        if not path.is_dir():
            raise RulesError(f"{directory}: not a rules directory")
        for file in sorted(path.glob("*.toml")):
            read_toml(file)
