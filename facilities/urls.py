from django.urls import path

from facilities import golive, views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_choose_kind, name="choose_kind"),
    path("new/<slug:kind>/", views.facility_create, name="create"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/edit/", views.facility_edit, name="edit"),
    path("<int:pk>/status/", views.facility_status, name="status"),
    path("export/", views.facility_export, name="export"),
    path("template/", views.facility_template, name="template"),
    path("import/", views.FacilityImportView.as_view(), name="import"),
    path("villages/", views.village_list, name="villages"),
    path("villages/<int:pk>/edit/", views.village_edit, name="village_edit"),
    path("villages/import/", golive.VillageImportView.as_view(), name="village_import"),
    path("villages/template/", golive.village_template, name="village_template"),
    path("sites/import/", golive.RelocationSiteImportView.as_view(), name="site_import"),
    path("sites/template/", golive.site_template, name="site_template"),
    path("key-projects/", views.key_projects, name="key_projects"),
]
