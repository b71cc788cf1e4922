from django.urls import path

from staffing import views

app_name = "staffing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("workers/", views.worker_list, name="workers"),
    path("workers/export/", views.worker_export, name="worker_export"),
    path("workers/new/", views.worker_edit, name="worker_add"),
    path("workers/import/", views.worker_import, name="worker_import"),
    path("workers/import/template/", views.worker_template, name="worker_template"),
    path("workers/<int:pk>/", views.worker_detail, name="worker"),
    path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<int:worker_pk>/training/new/", views.training_edit, name="training_add"),
    path("posts/", views.post_list, name="posts"),
    path("posts/export/", views.post_export, name="post_export"),
    path("posts/new/", views.post_edit, name="post_add"),
    path("posts/import/", views.post_import, name="post_import"),
    path("posts/import/template/", views.post_template, name="post_template"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/assign/", views.post_assign, name="post_assign"),
    path("holdings/<int:pk>/end/", views.holding_end, name="holding_end"),
    path("training/", views.training_list, name="training"),
    path("training/export/", views.training_export, name="training_export"),
    path("training/import/", views.training_import, name="training_import"),
    path("training/import/template/", views.training_template, name="training_template"),
    path("training/<int:pk>/edit/", views.training_edit, name="training_edit"),
]
