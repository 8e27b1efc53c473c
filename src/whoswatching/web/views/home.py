"""The public front page and the staff landing page."""

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render


def index(request):
    return render(request, "web/index.html")


@staff_member_required
def staff_index(request):
    return render(request, "web/staff_index.html")
