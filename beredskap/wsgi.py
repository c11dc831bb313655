"""WSGI entry point: `gunicorn beredskap.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beredskap.settings")
application = get_wsgi_application()
