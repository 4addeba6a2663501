from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def bare(request):
    """The floor: a logged-in request through the same middleware, doing nothing."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("cms.urls"))]
