from django.urls import path

from zhongyang_eldercare.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.log, name="log"),
]
