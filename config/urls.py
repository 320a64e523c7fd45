from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The partner API, outside the language prefixes (see config/api.py).
    path("api/", include("config.api")),
]

# Danish pages live at /, English at /en/ and German at /de/: a shared link keeps its language.
urlpatterns += i18n_patterns(
    path("", include("tours.urls")),
    path("", include("booking.urls")),
    prefix_default_language=False,
)
