"""Entry point: ``flask --app app …`` and ``gunicorn app:app``."""

from bot import create_app

app = create_app()
