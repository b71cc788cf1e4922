from django.urls import path

from subsidies import views

app_name = "subsidies"

urlpatterns = [
    path("", views.award_list, name="awards"),
    path("compute/", views.compute, name="compute"),
    path("awards.xlsx", views.award_export, name="award_export"),
    path("approve/", views.approve_all, name="approve_all"),
    path("awards/<int:pk>/", views.award_detail, name="award"),
    path("awards/<int:pk>/approve/", views.approve, name="approve"),
    path("awards/<int:pk>/disburse/", views.disburse, name="disburse"),
    path("facilities/<int:pk>/", views.facility_money, name="facility"),
    path("facilities/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("rectifications/<int:pk>/done/", views.rectification_done, name="rectification_done"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/new/", views.ledger_new, name="ledger_new"),
    path("ledger/<int:pk>/edit/", views.ledger_edit, name="ledger_edit"),
    path("funding.xlsx", views.funding_export, name="funding_export"),
    path("rules/", views.rules, name="rules"),
    path("rules/<slug:kind>/new/", views.rule_edit, name="rule_new"),
    path("rules/<slug:kind>/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
]
