from django.urls import path

from facilities import plan_views

app_name = "plan"

urlpatterns = [
    path("", plan_views.plan, name="plan"),
    path("checks/", plan_views.plan_checks, name="checks"),
    path("upload/", plan_views.plan_upload, name="upload"),
    path("upload/<int:pk>/", plan_views.plan_upload_detail, name="upload_detail"),
]
