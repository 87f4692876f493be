"""The observatory: the regime in a browser (FastAPI, server-rendered pages, SVG charts, JSON API).

Pages render the same documents the command line renders; nothing here queries the warehouse
itself. ``create_app(db_path)`` returns the ASGI application; ``rightsregime serve`` runs it.
"""
from .app import create_app

__all__ = ["create_app"]
