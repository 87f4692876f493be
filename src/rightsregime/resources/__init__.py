"""The resource layer: one function per question a user asks.

Each function takes the warehouse (a :class:`~rightsregime.warehouse.queries.Regime`) and plain
parameters (already parsed by :mod:`rightsregime.params`), calls :mod:`rightsregime.procedure` and
:mod:`rightsregime.analysis` with DataFrames, and returns a :class:`Resource`: plain data that the
command line renders as a table, JSON or CSV, and the web observatory as HTML and JSON.

This is the only code outside ``warehouse/`` that holds the warehouse object. ``procedure/`` and
``analysis/`` receive DataFrames only; ``cli/`` and ``web/`` never assemble a document themselves.

One module per topic: ``warehouse.py`` (states, state, decisions, decision, members, sources,
quarantine, reconciliation), ``procedure.py`` (outcome, pivotal, rules, replay, reproduce,
sequence, classify, hrc_terms, eligible, elect, hrc_lots), ``alignment.py`` (align, cohesion,
shifts, blocs, leadership), ``idealpoints.py``. Import the module you need
(``from rightsregime.resources import warehouse``): nothing heavy is imported here, so
``rightsregime --help`` stays fast. Parameters are parsed by :mod:`rightsregime.params`.
"""
from ._base import Resource

__all__ = ["Resource"]
