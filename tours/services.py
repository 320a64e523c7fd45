"""Writes to the supply that belong to no booking rule."""

from tours.models import Company, new_feed_token


def company_feed_token_rotate(*, company: Company) -> Company:
    """Gives the company a new private feed token; every copy of the old address stops
    working at once."""
    company.feed_token = new_feed_token()
    company.save(update_fields=["feed_token"])
    return company
