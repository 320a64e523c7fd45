"""The figures pages: the coordinator's overview of the cluster, and each company's own
(the same page, scoped by workspace.access: a company's staff see their companies only).
The figures are figures.selectors'; these views choose the period and the scope."""

from datetime import date, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.roles import is_coordinator
from figures import charts, exports
from figures.selectors import Overview, Period, figures_for_period
from workspace import access
from workspace.forms import FiguresPeriodForm
from workspace.views import workspace_view


def last_twelve_months(today: date) -> Period:
    first = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
    return Period(first, (today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(1))


def presets(today: date) -> list[tuple[str, Period]]:
    return [
        (_("Last 12 months"), last_twelve_months(today)),
        (_("This year"), Period(date(today.year, 1, 1), date(today.year, 12, 31))),
        (_("Last year"), Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
    ]


def _period(request: HttpRequest) -> tuple[FiguresPeriodForm, Period]:
    default = last_twelve_months(timezone.localdate())
    if "first" not in request.GET and "last" not in request.GET:
        form = FiguresPeriodForm(initial={"first": default.first, "last": default.last})
        return form, default
    form = FiguresPeriodForm(request.GET)
    if form.is_valid():
        return form, Period(form.cleaned_data["first"], form.cleaned_data["last"])
    return form, default


@workspace_view
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    overview = figures_for_period(
        period=period, company_ids=access.figure_company_ids(request.user)
    )
    return render(
        request,
        "workspace/figures.html",
        {
            "form": form,
            "period": period,
            "overview": overview,
            "cluster": is_coordinator(request.user),
            "presets": presets(timezone.localdate()),
            "query": request.GET.urlencode(),
            **chart_context(overview),
        },
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


def chart_context(overview: Overview) -> dict:
    total = overview.total
    names = {code: str(name) for code, name in settings.LANGUAGES}
    return {
        "months_chart": charts.months_chart(
            overview.months, now_key="visitors", before_key="visitors_before"
        ),
        "companies_chart": charts.bars_chart(
            [(f.name, f.visitors, f.arrived) for f in overview.companies]
        ),
        "kinds_chart": charts.bars_chart(
            [
                (_("Group visits"), total.group_visitors, 0),
                (_("Open tours"), total.open_visitors, 0),
            ]
        ),
        "languages": [(names[code], count) for code, count in total.languages.items()],
        "languages_header": list(names.items()),
        "languages_chart": charts.bars_chart(
            [(names[code], count, 0) for code, count in total.languages.items()]
        ),
    }


@workspace_view
@require_GET
def figures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, period = _period(request)
    overview = figures_for_period(
        period=period, company_ids=access.figure_company_ids(request.user)
    )
    name = f"figures-{period.first.isoformat()}-{period.last.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(overview),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.as_csv(overview), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
