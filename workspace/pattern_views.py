"""Recurring patterns: preview first, then create; changing one lists booked departures and
asks what to do with them, never moving or deleting them silently."""

import hashlib
import json
from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from workspace import access
from workspace import services as ws_services
from workspace.forms import PatternForm
from workspace.schedules import PatternPlan
from workspace.views import workspace_view


@workspace_view
@require_http_methods(["GET", "POST"])
def pattern_new(request: HttpRequest, tour_pk: int) -> HttpResponse:
    tour = get_object_or_404(access.tours_for(request.user), pk=tour_pk)
    today = timezone.localdate()
    form = PatternForm(
        request.POST or None,
        tour=tour,
        initial={"first_day": today, "last_day": today + timedelta(weeks=8)},
    )
    context = {"tour": tour, "form": form, "pattern": None, "diff": None}
    if request.method == "POST" and form.is_valid():
        plan = form.plan()
        if _confirmed(request, plan):
            pattern, created = ws_services.pattern_create(tour=tour, plan=plan, user=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d departure opened.", "%(count)d departures opened.", len(created)
                )
                % {"count": len(created)},
            )
            return redirect("workspace:pattern", pk=pattern.pk)
        context["diff"] = ws_services.pattern_diff(tour=tour, plan=plan)
        context["digest"] = _digest(plan)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "workspace/pattern_form.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "POST"])
def pattern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = get_object_or_404(access.patterns_for(request.user), pk=pk)
    tour = pattern.tour
    form = PatternForm(
        request.POST or None,
        tour=tour,
        initial=PatternForm.initial_from(PatternPlan.from_pattern(pattern)),
    )
    context = {"tour": tour, "form": form, "pattern": pattern, "diff": None}
    if request.method == "POST" and form.is_valid():
        plan = form.plan()
        diff = ws_services.pattern_diff(tour=tour, plan=plan, pattern=pattern)
        if _confirmed(request, plan):
            booked_ids = {s.pk for s in diff.booked}
            chosen = {
                int(v) for v in request.POST.getlist("cancel_slot") if v.isascii() and v.isdigit()
            }
            result = ws_services.pattern_change(
                pattern=pattern, plan=plan, cancel_slot_ids=chosen & booked_ids
            )
            messages.success(request, _summary(result))
            return redirect("workspace:pattern", pk=pattern.pk)
        context["diff"] = diff
        context["digest"] = _digest(plan)
    context["slots"] = pattern.slots.filter(start__gt=timezone.now()).order_by("start")[:200]
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "workspace/pattern_form.html", context, status=status)


def _digest(plan: PatternPlan) -> str:
    return hashlib.sha256(json.dumps(plan.as_fields(), default=str).encode()).hexdigest()


def _confirmed(request: HttpRequest, plan: PatternPlan) -> bool:
    """Whether the user confirmed exactly the plan they saw previewed. A plan edited after
    the preview is previewed again instead of applied unseen."""
    if "confirm" not in request.POST:
        return False
    if request.POST.get("previewed") == _digest(plan):
        return True
    messages.warning(request, _("The pattern changed since the preview. Please check it again."))
    return False


def _summary(result: ws_services.PatternChange) -> str:
    return _(
        "Pattern saved: %(created)d opened, %(removed)d unbooked removed, %(cancelled)d "
        "cancelled (visitors told), %(kept)d booked kept as single departures."
    ) % {
        "created": len(result.created),
        "removed": result.removed,
        "cancelled": len(result.cancelled),
        "kept": len(result.kept_booked),
    }
