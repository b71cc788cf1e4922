# The browser tests' shared Chromium and their screenshots on failure (tests/browser_support.py). A plugin
# can only be named here, in the top folder's conftest.
pytest_plugins = ["tests.browser_support"]
