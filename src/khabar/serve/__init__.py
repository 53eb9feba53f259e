"""Serve: the web app (JSON API + HTML pages) over a khabar store; ``khabar serve`` runs it with uvicorn."""

from khabar.serve.app import create_app

__all__ = ["create_app"]
