"""Local development: `make run`. Debug on, SQLite unless DATABASE_URL says otherwise."""

from cypp.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
