from django.urls import path

from . import views

app_name = "comparisons"

urlpatterns = [
    path("", views.home, name="home"),
    path("models/", views.model_list, name="model_list"),
    path("models/<slug:slug>/", views.model_detail, name="model_detail"),
    path("vendors/<slug:slug>/", views.vendor_detail, name="vendor_detail"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider_detail"),
]
