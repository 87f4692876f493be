"""What every analysis model shares, by duck typing (STYLE.md section 3), without scikit-learn.

An estimator stores its constructor arguments unchanged in ``__init__``; :class:`Estimator` reads
them back from the signature for :meth:`~Estimator.get_params`, :meth:`~Estimator.set_params` and
``repr``. Parameter constraints are class data (``_parameter_constraints``) so that a bad value gets
one sentence, as scikit-learn words it::

    The 'n_dimensions' parameter of IdealPoints must be an int in [1, 3]. Got 0 instead.

Learned attributes end in ``_`` and exist only after ``fit``; :func:`check_is_fitted` raises
:class:`~rightsregime.errors.NotFittedError` before that. Non-convergence is a
:class:`ConvergenceWarning` pointing at the caller's line (:func:`find_stack_level`).
"""
from __future__ import annotations

import inspect
import numbers
import os
from dataclasses import dataclass
from typing import Any

from ..errors import NotFittedError


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped at ``max_iter`` before meeting its tolerance."""


@dataclass(frozen=True)
class Interval:
    """A numeric range a parameter must lie in; ``kind`` is ``int`` or ``float``."""

    kind: type
    low: float | None
    high: float | None
    closed: str = "both"  # both, left, right, neither

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if self.kind is int and not isinstance(value, numbers.Integral):
            return False
        if self.kind is float and not isinstance(value, numbers.Real):
            return False
        if self.low is not None:
            if value < self.low or (value == self.low and self.closed in ("right", "neither")):
                return False
        if self.high is not None:
            if value > self.high or (value == self.high and self.closed in ("left", "neither")):
                return False
        return True

    def __str__(self) -> str:
        name = "an int" if self.kind is int else "a float"
        left = "[" if self.closed in ("both", "left") and self.low is not None else "("
        right = "]" if self.closed in ("both", "right") and self.high is not None else ")"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{name} in {left}{low}, {high}{right}"


@dataclass(frozen=True)
class Options:
    """A parameter taking one of a few values (strings, booleans, None)."""

    values: tuple

    def accepts(self, value: Any) -> bool:
        return any(value is v or (type(value) is type(v) and value == v) for v in self.values)

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.values)


class Estimator:
    """Base of the analysis models: parameters from the signature, validation, repr."""

    _parameter_constraints: dict[str, list] = {}

    @classmethod
    def _get_param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(
            name
            for name, p in signature.parameters.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        )

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as stored."""
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params) -> "Estimator":
        """Change constructor arguments; unknown names are refused. Returns ``self``."""
        valid = self._get_param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for {type(self).__name__}; "
                    f"valid parameters are {', '.join(valid)}."
                )
            setattr(self, name, value)
        return self

    def _validate_params(self) -> None:
        """Check every constrained parameter; the first bad one raises a one-sentence ValueError."""
        for name, constraints in self._parameter_constraints.items():
            value = getattr(self, name)
            if any(c is None and value is None or (c is not None and c.accepts(value))
                   for c in constraints):
                continue
            wording = " or ".join("None" if c is None else str(c) for c in constraints)
            raise ValueError(
                f"The {name!r} parameter of {type(self).__name__} must be {wording}. "
                f"Got {value!r} instead."
            )

    def __repr__(self) -> str:
        signature = inspect.signature(type(self).__init__)
        changed = []
        for name, p in signature.parameters.items():
            if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            value = getattr(self, name)
            if p.default is inspect.Parameter.empty or value is not p.default and value != p.default:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"


def check_is_fitted(estimator: Estimator, attribute: str) -> None:
    """Raise :class:`NotFittedError` unless ``fit`` has set ``attribute``."""
    if not hasattr(estimator, attribute):
        name = type(estimator).__name__
        raise NotFittedError(
            f"This {name} instance is not fitted yet. Call 'fit' with the votes before using it."
        )


def find_stack_level() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside rightsregime."""
    import rightsregime

    package_dir = os.path.dirname(rightsregime.__file__)
    frame = inspect.currentframe()
    level = 0
    try:
        while frame is not None:
            if not os.path.abspath(frame.f_code.co_filename).startswith(package_dir):
                break
            frame = frame.f_back
            level += 1
    finally:
        del frame
    return max(level, 1)
