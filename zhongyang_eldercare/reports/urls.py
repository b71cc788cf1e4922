from django.urls import path

from zhongyang_eldercare.reports import city_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("progress.xlsx", views.progress_xlsx, name="progress_xlsx"),
    path("city/", city_views.city, name="city"),
    path("city.xlsx", city_views.city_xlsx, name="city_xlsx"),
    path("monthly/", views.monthly_list, name="monthly_list"),
    path("monthly/start/", views.monthly_start, name="monthly_start"),
    path("monthly/<int:pk>/", views.monthly_detail, name="monthly_detail"),
    path("monthly/<int:pk>/remarks/", views.monthly_remarks, name="monthly_remarks"),
    path("monthly/<int:pk>/submit/", views.monthly_submit, name="monthly_submit"),
    path("monthly/<int:pk>/return/", views.monthly_return, name="monthly_return"),
    path("monthly/<int:pk>/approve/", views.monthly_approve, name="monthly_approve"),
]
