"""Writes to the supply that belong to no booking rule."""

from tours.models import Company


def company_feed_token_rotate(*, company: Company) -> Company:
    """Gives the company a new private feed token; every copy of the old address stops
    working at once."""
    company.token_renew()
    company.save(update_fields=Company.token_fields())
    return company
