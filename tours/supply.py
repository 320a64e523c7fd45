"""The supply version: a token per tour, and one for the whole cluster, that changes whenever
anything a visitor sees of the supply changes (places, slots, tour and company texts, prices,
photos). The public pages cache their rendered parts under it (catalogue.templatetags.
page_cache, docs/performance.md), so a booking shows on the very next page view without
any page knowing who writes what.

Who changes it:

- saving or deleting a Slot, Tour, Company or one of their photos, by any code (signals,
  connected in ToursConfig.ready): the booking services write `Slot.booked` and
  `Slot.status` with `save(update_fields=...)`, the workspace, the staff API and the admin
  save their forms; a company's change changes each of its tours;
- `changed(tour_ids)`, called by every write that goes round `save()` (`bulk_create`,
  `bulk_update`, `QuerySet.update`): tests/tours/test_supply.py finds such writes to these
  models in the source and fails when one has no `supply.changed` beside it.

A change inside a transaction sets the shared tokens once, after it commits: other
processes cannot see the new rows before then, and a page reads its token before its rows,
so a page rendered from the old rows is filed under the old token and never found again.
Until the commit, reads in the same transaction (and tests, which run in one) get a token
of the transaction's own for the tours it changed, made anew by each change, so they never
meet a part cached before it (a change in a savepoint rolled back later may still renew
tokens after the commit: a needless renewal, never a stale page). One
shared write per transaction, not two: it is on every booking's path. A change outside a
transaction sets the shared tokens at once. A token is random: a new one never repeats an
old one, with no counter to read-modify-write. A missing token (never set, or evicted)
is made on first read, so a fragment cached before the eviction cannot be found again.
The cache is the shared one (Redis in production: every process sees every change); a
cache error is logged and never fails the write, since a cached part lives at most
PAGE_CACHE_SECONDS anyway.
"""

import logging
import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

CLUSTER_KEY = "supply:cluster"
# Longer than any cached part lives; a token that expires is simply made again.
TOKEN_SECONDS = 7 * 24 * 3600


def tour_key(tour_id: int) -> str:
    return f"supply:tour:{tour_id}"


def _token() -> str:
    return secrets.token_hex(8)


def _bump(tour_ids: set[int]) -> None:
    tokens = {tour_key(pk): _token() for pk in tour_ids} | {CLUSTER_KEY: _token()}
    try:
        cache.set_many(tokens, TOKEN_SECONDS)
    except Exception:  # a write must never fail for the cache; cached parts expire anyway
        logger.warning("The supply version could not be changed", exc_info=True)


class _AfterCommit:
    """The tours changed in one transaction: given new shared tokens once after it commits,
    and until then tokens of the transaction's own (each renewed by each change)."""

    def __init__(self) -> None:
        self.tokens: dict[int | None, str] = {}  # tour id (None: the cluster) -> token

    def add(self, tour_ids: set[int]) -> None:
        self.tokens |= {pk: _token() for pk in tour_ids} | {None: _token()}

    def __call__(self) -> None:
        _bump({pk for pk in self.tokens if pk is not None})


def _pending() -> _AfterCommit | None:
    """The current transaction's changes, if it made any (in a savepoint still standing)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        if isinstance(callback, _AfterCommit):
            return callback
    return None


def changed(tour_ids: Iterable[int | None]) -> None:
    """What a visitor sees of these tours (and so of the cluster) has changed, or will when
    the current transaction commits."""
    ids = {int(pk) for pk in tour_ids if pk is not None}
    if not transaction.get_connection().in_atomic_block:
        _bump(ids)
        return
    # One callback per transaction: a service that saves many slots adds to it. A callback
    # is dropped with the savepoint it was registered in, and so are the changes made there.
    pending = _pending()
    if pending is None:
        pending = _AfterCommit()
        transaction.on_commit(pending, robust=True)
    pending.add(ids)


def changed_everything() -> None:
    """Every tour's token (a bulk load: the demo data, a data migration)."""
    from tours.models import Tour

    changed(Tour.objects.values_list("pk", flat=True))


def version(tour_id: int | None = None) -> str:
    """The current token of the tour, or of the cluster when `tour_id` is None."""
    pending = _pending()
    if pending is not None and tour_id in pending.tokens:
        return pending.tokens[tour_id]  # changed in this transaction, not yet committed
    key = CLUSTER_KEY if tour_id is None else tour_key(tour_id)
    token = cache.get(key)
    if token is None:
        cache.add(key, _token(), TOKEN_SECONDS)
        token = cache.get(key)
    return token or "none"


# Which tours a saved or deleted row is part of, by model.
_WATCHED: dict[type[Model], object] = {}


def watch(model: type[Model], tours_of) -> None:
    """Changes the version of `tours_of(instance)` (tour ids) whenever an instance of
    `model` is saved or deleted."""
    _WATCHED[model] = tours_of
    uid = f"supply:{model._meta.label}"
    post_save.connect(_on_change, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_on_change, sender=model, dispatch_uid=uid, weak=False)


def _on_change(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: no cache to keep in step
        return
    changed(_WATCHED[sender](instance))


def _company_tours(company_id: int) -> list[int]:
    from tours.models import Tour

    return list(Tour.objects.filter(company_id=company_id).values_list("pk", flat=True))


def connect() -> None:
    from tours.models import Company, CompanyPhoto, Slot, Tour, TourPhoto

    watch(Slot, lambda slot: [slot.tour_id])
    watch(Tour, lambda tour: [tour.pk])
    watch(TourPhoto, lambda photo: [photo.tour_id])
    watch(Company, lambda company: _company_tours(company.pk))
    watch(CompanyPhoto, lambda photo: _company_tours(photo.company_id))
