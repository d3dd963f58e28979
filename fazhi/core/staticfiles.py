"""Static file storage: hashed names once collected, the plain names until then."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class HashedWhenCollected(ManifestStaticFilesStorage):
    """Django's manifest storage (`site.3f2a….css`, which WhiteNoise serves with a year's
    `immutable` caching), except that before any `collectstatic` — the tests, a developer's
    `runserver` — there is no manifest, and the plain names are linked instead of refusing to
    render every page. `fazhi serve` collects before it starts, so a server always has a
    manifest, and a file missing from it is still an error there.

    Not WhiteNoise's compressed variant: gzip and brotli of every file (the admin's, the API
    docs' bundles) made `collectstatic`, and so every start, take 60–70 s here instead of 2–3 s;
    the reverse proxy compresses instead."""

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
