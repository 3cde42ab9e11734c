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


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "a table", list: "an array", str: "a string"}.get(type(value), "a date")


def _one_kind(values: list) -> str | None:
    kinds = {_kind(v) for v in values}
    return kinds.pop() if len(kinds) == 1 else None


def _merge(base: Any, extra: Any, where: str = "") -> Any:
    """Tables merge key by key; arrays extend (user entries first, so they win ties). A value of
    another kind than the built-in one (a string where a number belongs) is a RulesError."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        sibling = _one_kind(list(base.values()))
        for key, value in extra.items():
            at = f"{where}.{key}" if where else key
            if key in base:
                out[key] = _merge(base[key], value, at)
            elif sibling is not None and _kind(value) != sibling:
                raise RulesError(f"{at} must be {sibling}, not {_kind(value)}")
            else:
                out[key] = value
        return out
    if _kind(base) != _kind(extra):
        raise RulesError(f"{where} must be {_kind(base)}, not {_kind(extra)}")
    if isinstance(base, list):
        item = _one_kind(base)
        if item is not None and any(_kind(v) != item for v in extra):
            raise RulesError(f"{where} must hold {item.split(' ', 1)[1]}s only")
        return extra + [v for v in base if v not in extra]
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
            try:
                data = _merge(data, read_toml(extra))
            except RulesError as exc:
                raise RulesError(f"{extra}: {exc}") from None
    return data


def check_overlays(overlays: tuple[str, ...]) -> None:
    """Fail early, with one line, on a --rules DIR that is missing or holds broken TOML."""
    for directory in overlays:
        path = Path(directory)
        if not path.is_dir():
            raise RulesError(f"{directory}: not a rules directory")
        for file in sorted(path.glob("*.toml")):
            read_toml(file)
            if (builtin_rules_dir() / file.name).is_file():
                load(file.stem, overlays)  # values of the kinds the built-in rules hold
