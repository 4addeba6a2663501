from django.urls import path

from reports import views

urlpatterns = [
    path("", views.verify_lookup, name="certificate_verify_lookup"),
    path("<str:number>/", views.verify, name="certificate_verify"),
]
