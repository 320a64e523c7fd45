"""URL converters shared by the apps, registered when Django starts (core.apps)."""


class TokenConverter:
    """A secret link token (secrets.token_urlsafe): anything else, a NUL byte included, is
    simply not a match (404) and never reaches a database query."""

    regex = r"[A-Za-z0-9_-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
