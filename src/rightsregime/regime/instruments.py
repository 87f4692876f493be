"""The 18 human rights instruments (nine core treaties and nine optional protocols) and their bodies.

A curated, cited file (``regime/data/instruments.csv``): the dates and resolutions are those of
the UN Treaty Collection (MTDSG chapter IV) and the adopting GA resolutions, each row citing its evidence ([C] corroborated, [M] from memory, to be
checked against the UN Treaty Collection). ``core`` marks the nine core treaties; ``parent`` is the
treaty a protocol belongs to; ``body_id`` is the treaty body that monitors it (OPCAT: the SPT).
"""
from __future__ import annotations

import pandas as pd

from . import data_path

INSTRUMENTS_FILE = "regime/data/instruments.csv"


def load_instruments() -> pd.DataFrame:
    """The ``instruments`` table (plus ``file``, the ratification file, and ``citation``)."""
    with data_path("instruments.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["adopted"] = pd.to_datetime(df["adopted"])
    df["in_force"] = pd.to_datetime(df["in_force"])
    df["core"] = df["core"].eq("true")
    df["parent"] = df["parent"].replace("", None)
    return df


def instrument_ids() -> list[str]:
    return load_instruments()["instrument_id"].tolist()


def load_scrutiny_protocols() -> pd.DataFrame:
    """The protocols that open a state to scrutiny beyond reporting (individual complaints,
    inquiries, preventive visits): ``instrument_id, procedure, citation, confidence``
    (``regime/data/scrutiny_protocols.csv``)."""
    with data_path("scrutiny_protocols.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)
