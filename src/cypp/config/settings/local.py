"""Local development: `make run`. Debug on, SQLite unless DATABASE_URL says otherwise."""

from cypp.config.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
# The API's rate limits on a developer's machine: generous, since the benchmarks
# (benchmarks/bench_api.py) load the API from the one address 127.0.0.1; the environment's
# CYPP_API_RATE_ANONYMOUS and CYPP_API_RATE_TOKEN still win.
CYPP_API_RATE_LIMITS = {
    "anonymous": env_str("CYPP_API_RATE_ANONYMOUS", "1000000/minute"),
    "token": env_str("CYPP_API_RATE_TOKEN", "1000000/minute"),
}
