from django.urls import path, register_converter

from visits import views
from zhongyang_eldercare.kernel.urls import IsoDateConverter

register_converter(IsoDateConverter, "date")

app_name = "visits"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("elders/", views.elder_list, name="elders"),
    path("elders/export/", views.elder_export, name="elder_export"),
    path("elders/new/", views.elder_edit, name="elder_add"),
    path("elders/import/", views.elder_import, name="elder_import"),
    path("elders/import/template/", views.import_template, name="import_template"),
    path("elders/<int:pk>/", views.elder_detail, name="elder"),
    path("elders/<int:pk>/edit/", views.elder_edit, name="elder_edit"),
    path("elders/<int:pk>/status/", views.elder_status, name="elder_status"),
    path("elders/<int:pk>/network/<str:kind>/", views.network_add, name="network_add"),
    path("elders/<int:elder_pk>/visit/", views.visit_edit, name="visit_add"),
    path("elders/without-visitor/", views.without_visitor, name="without_visitor"),
    path("visit/<int:pk>/", views.visit_edit, name="visit_edit"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("compliance/<int:township_pk>/<date:monday>/", views.compliance_week, name="compliance_week"),
    path("compliance/<int:township_pk>/tiers/<slug:code>/<date:day>/", views.compliance_tier, name="compliance_tier"),
    path("summary/", views.summary, name="summary"),
    path("summary/export/", views.summary_export, name="summary_export"),
]
