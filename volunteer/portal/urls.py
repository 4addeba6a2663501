from django.contrib.auth import views as auth_views
from django.urls import path

from guide.views import portal_guide
from volunteer.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    # Without ?next= a member signing in lands on the portal's home, not Django's /accounts/profile/.
    path("login/", auth_views.LoginView.as_view(template_name="portal/login.html", redirect_authenticated_user=True,
                                                next_page="portal:home"),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="portal:login"), name="logout"),
    path("take/<int:activity_id>/", views.take, name="take"),
    path("orders/", views.orders, name="orders"),
    path("orders/<int:order_id>/cancel/", views.cancel, name="cancel"),
    path("orders/<int:order_id>/checkout/", views.checkout, name="checkout"),
    path("checkin/", views.checkin, name="checkin"),
    path("p/<str:code>/", views.checkin, name="point"),
    path("records/", views.records, name="records"),
    path("records/<int:record_id>/evaluate/", views.self_evaluate, name="self_evaluate"),
    path("records/<int:record_id>/qr.svg", views.evaluation_qr, name="evaluation_qr"),
    path("deed/", views.deed, name="deed"),
    path("commitment/", views.commitment, name="commitment"),
    path("guide/", portal_guide, name="guide"),
]
