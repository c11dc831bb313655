from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from . import about, views
from .publication.api import api as api_v1
from .publication.api_docs import api_docs
from .registry.forms import AdminSignInForm, QueuedPasswordResetForm, SignInForm

admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password-change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("beredskap.notices.urls")),
    path("", include("beredskap.registry.urls")),
    path("", include("beredskap.surveys.urls")),
    path("", include("beredskap.results.urls")),
    path("", include("beredskap.publication.urls")),
    path("planning/", include("beredskap.planning.urls")),
    path(
        "planning/<str:version>/consultation/",
        include("beredskap.planning.consultation_urls"),
    ),
    path("scenarios/", include("beredskap.continuity.scenario_urls")),
    path("library/", include("beredskap.library.urls")),
    path("support/", include("beredskap.support.urls")),
    path("training/", include("beredskap.learning.training_urls")),
    path("exercises/", include("beredskap.learning.exercise_urls")),
    path("lessons/", include("beredskap.learning.lesson_urls")),
    path("events/", include("beredskap.learning.event_urls")),
    path("continuity/", include("beredskap.continuity.urls")),
    path("reports/", include("beredskap.reporting.report_urls")),
    path("deadlines/", include("beredskap.reporting.deadline_urls")),
    path("open-data/", include("beredskap.publication.download_urls")),
    path("releases/", include("beredskap.publication.release_urls")),
    path("help/", about.help_index, name="help"),
    path("help/<slug:role>/", about.help_role, name="help_role"),
    path("accessibility/", about.accessibility, name="accessibility"),
    path("contact/", about.contact, name="contact"),
    path(views.API_V1 + "docs", api_docs, name="api_docs"),
    path(views.API_V1, api_v1.urls),
    path(views.KOLADA_V3, include("beredskap.publication.kolada_urls")),
    path("admin/", admin.site.urls),
]

handler404 = views.not_found
handler500 = views.server_error
