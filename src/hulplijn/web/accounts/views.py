"""Registration, login (claiming this session's work), logout and the owner's overview."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hulplijn.web.accounts.forms import LoginForm, RegisterForm
from hulplijn.web.assessments import services
from hulplijn.web.assessments.models import Assessment


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:overview")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.claim(old_key, user)
        return redirect("accounts:overview")
    return render(request, "accounts/register.html", {"form": form})


class Login(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        services.claim(old_key, form.get_user())
        return response


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/overview.html",
        {
            "assessments": Assessment.objects.filter(owner=request.user).select_related("round"),
            "shared": Assessment.objects.filter(
                shares__adviser=request.user, shares__revoked_at__isnull=True
            ).distinct()
            if request.user.is_adviser
            else [],
            "draft": services.current_draft(request),
        },
    )
