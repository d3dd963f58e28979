"""The product's URLconf plus /bench/bare/: the baseline the pages are measured against in
bench_serve.py — a view behind the same middleware that, like every staff page, needs the logged-in
user (so the session and the user are loaded), and does nothing else."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from fazhi.urls import urlpatterns as product


@login_required
def bare(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), *product]
