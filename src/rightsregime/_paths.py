"""Where rightsregime keeps its files: the warehouse and the source cache (user dirs by default)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "rightsregime"


def default_db_path() -> Path:
    """The warehouse file: ``$RIGHTSREGIME_DB``, else ``<user data dir>/rightsregime.duckdb``."""
    env = os.environ.get("RIGHTSREGIME_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP)) / "rightsregime.duckdb"


def cache_dir() -> Path:
    """Downloaded source files: ``$RIGHTSREGIME_CACHE``, else the user cache dir."""
    env = os.environ.get("RIGHTSREGIME_CACHE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(APP)) / "sources"


def mirror_dir() -> Path | None:
    """A local mirror of the sources, one folder per source (``$RIGHTSREGIME_SOURCES``)."""
    env = os.environ.get("RIGHTSREGIME_SOURCES")
    return Path(env).expanduser() if env else None
