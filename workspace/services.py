"""Workspace writes that are not about places: patterns, publishing, the dashboard's memory.

Anything that touches a slot's places or its visitors goes through booking.slot_services."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from booking import errors, slot_services
from tours import supply
from tours.models import Slot, Tour
from workspace.models import ApiKey, Profile, SchedulePattern
from workspace.schedules import PatternPlan, plan_starts


@dataclass
class PatternDiff:
    """What applying a plan would do. `booked` slots are never touched without consent."""

    create: list[datetime] = field(default_factory=list)  # new starts, local time
    taken: list[datetime] = field(default_factory=list)  # starts another slot already has
    keep: list[Slot] = field(default_factory=list)  # the pattern's slots that still fit
    remove: list[Slot] = field(default_factory=list)  # unbooked slots that no longer fit
    booked: list[Slot] = field(default_factory=list)  # booked slots that no longer fit


def pattern_diff(
    *, tour: Tour, plan: PatternPlan, pattern: SchedulePattern | None = None, now=None
) -> PatternDiff:
    """Compares the plan's future starts with the tour's slots (three queries)."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    wanted = {s.astimezone(UTC): s for s in plan_starts(plan, tz) if s > now}
    diff = PatternDiff()
    own: dict[datetime, Slot] = {}
    if pattern is not None:
        for slot in pattern.slots.filter(start__gt=now).exclude(status=Slot.Status.CANCELLED):
            own[slot.start] = slot
    others = set(
        Slot.objects.filter(tour=tour, start__in=list(wanted))
        .exclude(status=Slot.Status.CANCELLED)
        .exclude(pk__in=[s.pk for s in own.values()])
        .values_list("start", flat=True)
    )
    for utc_start, local_start in sorted(wanted.items()):
        if utc_start in own:
            diff.keep.append(own[utc_start])
        elif utc_start in others:
            diff.taken.append(local_start)
        else:
            diff.create.append(local_start)
    for start, slot in sorted(own.items()):
        if start not in wanted:
            (diff.booked if slot.booked else diff.remove).append(slot)
    return diff


def pattern_create(*, tour: Tour, plan: PatternPlan, user=None) -> tuple[SchedulePattern, list]:
    """Saves the pattern and opens its future slots (skipping starts already open)."""
    with transaction.atomic():
        pattern = SchedulePattern.objects.create(tour=tour, created_by=user, **plan.as_fields())
        starts = plan_starts(plan, timezone.get_current_timezone())
        created = slot_services.slots_create_from_pattern(
            tour=tour, starts=starts, capacity=plan.capacity
        )
        pattern.slots.add(*created)
    return pattern, created


@dataclass
class PatternChange:
    created: list[Slot] = field(default_factory=list)
    removed: int = 0
    cancelled: list[Slot] = field(default_factory=list)
    kept_booked: list[Slot] = field(default_factory=list)


def pattern_change(
    *, pattern: SchedulePattern, plan: PatternPlan, cancel_slot_ids: set[int] = frozenset()
) -> PatternChange:
    """Applies a changed (or shortened) plan to the pattern.

    New starts are opened; unbooked slots that no longer fit are deleted. A booked slot that no
    longer fits is cancelled, with its visitors told, only if its id is in `cancel_slot_ids`
    (what the user agreed to after seeing the list); otherwise it is kept, detached from the
    pattern. A slot that got its first booking after the preview is kept, never deleted: each
    removal re-checks under the slot lock."""
    diff = pattern_diff(tour=pattern.tour, plan=plan, pattern=pattern)
    result = PatternChange()
    for slot in diff.remove:
        try:
            slot_services.slot_remove(slot_id=slot.pk)
            result.removed += 1
        except errors.SlotHasBookings:
            _detach_or_cancel(pattern, slot, cancel_slot_ids, result)
    for slot in diff.booked:
        _detach_or_cancel(pattern, slot, cancel_slot_ids, result)
    SchedulePattern.objects.filter(pk=pattern.pk).update(**plan.as_fields(), updated=timezone.now())
    result.created = slot_services.slots_create_from_pattern(
        tour=pattern.tour, starts=diff.create, capacity=plan.capacity
    )
    pattern.slots.add(*result.created)
    pattern.refresh_from_db()
    return result


def _detach_or_cancel(pattern, slot: Slot, cancel_ids, result: PatternChange) -> None:
    if slot.pk in cancel_ids:
        try:
            cancelled, _ = slot_services.slot_cancel(slot_id=slot.pk)
            result.cancelled.append(cancelled)
        except errors.SlotNotChangeable:
            pass  # cancelled meanwhile by someone else: nothing left to do
    else:
        result.kept_booked.append(slot)
    pattern.slots.remove(slot)


def tour_set_published(*, tour: Tour, published: bool) -> Tour:
    """Publishes or unpublishes the tour. Existing bookings stand either way."""
    Tour.objects.filter(pk=tour.pk).update(published=published, updated=timezone.now())
    supply.changed([tour.pk])  # update() sends no post_save
    tour.published = published
    return tour


def profile_dashboard_seen(*, user, now: datetime | None = None) -> datetime | None:
    """Records that the user opened the dashboard; returns when they had seen it before."""
    profile, _ = Profile.objects.get_or_create(user=user)
    before = profile.dashboard_seen_at
    profile.dashboard_seen_at = now or timezone.now()
    profile.save(update_fields=["dashboard_seen_at"])
    return before


def api_token_regenerate(*, user) -> str:
    """Gives the user a new API key, replacing (and so revoking) any previous one; returns
    the key, which is not kept anywhere: the caller shows it once."""
    api_key, key = ApiKey.make(user=user)
    with transaction.atomic():
        ApiKey.objects.filter(user=user).delete()
        api_key.save()
    return key


def api_token_revoke(*, user) -> None:
    """Deletes the user's API key: tools using it get 401 from then on."""
    ApiKey.objects.filter(user=user).delete()
