"""The portal's URLs plus one view that fails, to see what a server error shows."""

from django.urls import path

from zhongyang_eldercare.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("secret internal detail: DATABASE password=hunter2")


urlpatterns = [*urlpatterns, path("boom/", boom)]
