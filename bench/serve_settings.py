"""Settings for bench_serve.py's server: the product's, with the benchmark's URLconf (the product's
URLs plus a bare view to compare the pages with). Never used outside the benchmark."""

from fazhi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.serve_urls"
