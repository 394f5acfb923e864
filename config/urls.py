from django.contrib import admin
from django.urls import include, path

from . import login

urlpatterns = [
    # Before the admin's own URLs: the same sign-in, throttled.
    path("admin/login/", login.login, name="admin_login_throttled"),
    path("admin/", admin.site.urls),
    path("", include("comparisons.urls")),
]
