"""Entry point: ``flask --app app …`` and ``gunicorn app:app``."""

from bot.web import create_app

app = create_app()
