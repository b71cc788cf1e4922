from django.urls import path

from zhongyang_eldercare.import_jobs import views

app_name = "import_jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status/", views.job_status, name="status"),
]
