"""Tests: the same settings as production where it matters, with fast password hashing."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # type: ignore[assignment]  # served from the finders (build/static); no collectstatic in tests
# No persistent connections: the browser tests' server threads must not hold the test
# database open when it is dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Report bodies are not cached in tests (each test's rollback reuses ids a cached key would
# match); tests/reports/test_page_cache.py turns the cache on to test it.
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
# Tasks run as they are enqueued, inside the test's transaction; one test runs the database
# backend's worker for real (tests/reports/test_board_pack_task.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-files"  # noqa: F405
# Every test answers surveys from the one address 127.0.0.1, hundreds of times an hour in
# one process: the journey's rate limit would start refusing them part way through a run.
# tests/voice/test_ratelimit.py sets its own small limits to test it.
CYPP_VOICE_ANSWERS_PER_HOUR = 1_000_000
# The API's rate limits, generous: a test client calls from one address hundreds of times a
# minute. tests/api/test_rate_limits.py sets small ones to test them.
CYPP_API_RATE_LIMITS = {"anonymous": "1000000/minute", "token": "1000000/minute"}
