"""pytest plugin, loaded before Django is set up (``-p fazhi.testing.environment`` in pyproject's
addopts): the environment the tests run in.

The tests run with the production settings (FAZHI_DEBUG unset, i.e. false), plus two values
that only tests may use: a secret key that is no secret, so that no secret is needed to run them,
and no redirect to HTTPS, since the test client and the live server speak plain HTTP. A value
already in the environment wins.
"""

import os

TEST_ONLY_SECRET_KEY = "test-only-key-not-secret-never-use-in-production"

os.environ.setdefault("FAZHI_SECRET_KEY", TEST_ONLY_SECRET_KEY)
os.environ.setdefault("FAZHI_SSL_REDIRECT", "false")
