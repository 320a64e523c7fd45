from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from config.media import photo_file
from config.views import favicon, healthz
from core.language import set_language
from workspace.checkin_views import checkin_scan
from workspace.feeds import staff_feed

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    # The language buttons (templates/_language_switcher.html): Django's view, see core.language.
    path("i18n/setlang/", set_language, name="set_language"),
    # The partner API, outside the language prefixes (see config/api.py).
    path("api/", include("config.api")),
    # The booking widget other sites frame: its language comes from ?lang=, not the path.
    path("widget/", include("widget.urls")),
    # The OCTO supplier API for resellers (docs/octo.md), outside the language prefixes.
    path("octo/", include("octo.urls")),
]

# Danish pages live at /, English at /en/ and German at /de/: a shared link keeps its language.
urlpatterns += i18n_patterns(
    path("", include("catalogue.urls")),
    path("", include("booking.urls")),
    path("accounts/", include("workspace.account_urls")),
    path("workspace/", include("workspace.urls")),
    path("", include("events.urls")),
    path("day-plan/", include("dayplan.urls")),
    path("staff-calendar/<token:token>.ics", staff_feed, name="staff_feed"),
    # The URL in a booking's QR code (booking.checkin.checkin_url): short, for a small code.
    path("check-in/<str:reference>/<token:secret>/", checkin_scan, name="checkin"),
    prefix_default_language=False,
)

# The photos' renditions under MEDIA_ROOT, in development and production (config/media.py).
_MEDIA = settings.MEDIA_URL.strip("/")
urlpatterns += [
    re_path(
        rf"^{_MEDIA}/photos/(?P<key>[A-Za-z0-9_-]{{22}})/(?P<width>[0-9]{{1,4}})\.(?P<fmt>webp|jpg)$",
        photo_file,
        name="photo_file",
    )
]

# The project's own error pages (templates/400.html, 403.html, 404.html, 500.html): styled,
# translated, with the way on. 500 is rendered without the database (config.views).
handler500 = "config.views.server_error"
