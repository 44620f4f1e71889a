from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from villages.queries import villages_for


@login_required
def home(request):
    villages = villages_for(request.user)
    return render(request, "villages/home.html", {"villages": villages})
