"""The resource layer: one function per question a user asks.

Each function takes the warehouse (a :class:`~rightsregime.warehouse.queries.Regime`) and plain
parameters (already parsed by :mod:`rightsregime.params`), calls :mod:`rightsregime.procedure` and
:mod:`rightsregime.analysis` with DataFrames, and returns a :class:`Resource`: plain data that the
command line renders as a table, JSON or CSV, and the web observatory as HTML and JSON.

This is the only code outside ``warehouse/`` that holds the warehouse object. ``procedure/`` and
``analysis/`` receive DataFrames only; ``cli/`` and ``web/`` never assemble a document themselves.

One module per topic (``decisions.py``, ``states.py``, ``procedure.py``, ``alignment.py``, ...);
import the module you need (``from rightsregime.resources import decisions``): nothing heavy is
imported here, so ``rightsregime --help`` stays fast.
"""
from ._base import Resource

__all__ = ["Resource"]
