"""Sharing periods (分摊) under /sharing/: the members' ledger, the public history and the
back office of periods and payouts."""

from django.urls import path

from sharing.views import office, pages

app_name = "sharing"

urlpatterns = [
    path("me/", pages.ledger, name="ledger"),
    path("history/", pages.history, name="history"),
    path("office/", office.periods, name="office-periods"),
    path("office/periods/<int:period_id>/", office.period, name="office-period"),
    path("office/payouts/", office.payouts, name="office-payouts"),
    path("office/payouts/release/", office.payouts_release_held, name="office-payouts-release"),
    path("office/payouts.csv", office.payouts_csv, name="payouts-csv"),
]
