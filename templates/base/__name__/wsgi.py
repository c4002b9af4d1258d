"""WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py <package>.wsgi:app`."""

from .app import create_app

app = create_app()
