"""Names a package serves from its submodules on first use (PEP 562 module __getattr__)."""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable, Mapping

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """A module __getattr__ for `package`: a name in `modules` is imported from that submodule
    the first time it is asked for, then kept in the package, so the import is paid once and
    only by the code that needs it (a table lookup imports no resolver, theories or numpy)."""

    def __getattr__(name: str) -> Any:
        submodule = modules.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{submodule}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
