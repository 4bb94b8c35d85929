"""The wind-down (停运) under /winddown/: the public notice and members' choices, and the
back office of shutdowns."""

from django.urls import path

from winddown.views import office, pages

app_name = "winddown"

urlpatterns = [
    path("", pages.notice, name="notice"),
    path("<int:shutdown_id>/insurance/", pages.insurance, name="insurance"),
    path("office/", office.shutdowns, name="office-shutdowns"),
    path("office/<int:shutdown_id>/", office.shutdown, name="office-shutdown"),
    path("office/<int:shutdown_id>/confirm/", office.confirm, name="office-confirm"),
    path("office/<int:shutdown_id>/cancel/", office.cancel, name="office-cancel"),
    path("office/<int:shutdown_id>/finish/", office.finish, name="office-finish"),
    path("office/<int:shutdown_id>/report/", office.report, name="office-report"),
    path("office/<int:shutdown_id>/report.csv", office.report_csv, name="office-report-csv"),
    path(
        "office/<int:shutdown_id>/insurance.csv", office.insurance_csv, name="office-insurance-csv"
    ),
]
