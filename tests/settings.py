"""Test settings: the real settings, with the environment a test run needs.

Tests run as production does (DEBUG off), minus HTTPS, which the test client
and the live server do not speak.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# Background tasks run inside the request (one test runs the real database backend and its worker).
os.environ.setdefault("TASKS_BACKEND", "immediate")

from zhongyang_eldercare.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
