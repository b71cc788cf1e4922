from django.urls import path

from facilities import plan_views

app_name = "plan"

urlpatterns = [
    path("", plan_views.plan, name="plan"),
    path("checks/", plan_views.plan_checks, name="checks"),
]
