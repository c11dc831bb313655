"""A read API compatible with Kolada v3, over released public values (docs/kolada.md).

Mounted at `/kolada/v3/`; paths as Kolada's, without a trailing slash.
"""

from django.urls import path

from . import kolada

app_name = "kolada"
urlpatterns = [
    path("kpi", kolada.kpi, name="kpi"),
    path("kpi/<str:ids>", kolada.kpi, name="kpi_ids"),
    path("kpi_groups", kolada.kpi_groups, name="kpi_groups"),
    path("kpi_groups/<str:group_id>", kolada.kpi_groups, name="kpi_group"),
    path("municipality", kolada.municipality, name="municipality"),
    path("municipality/<str:ids>", kolada.municipality, name="municipality_ids"),
    path("municipality_groups", kolada.municipality_groups, name="municipality_groups"),
    path(
        "municipality_groups/<str:group_id>",
        kolada.municipality_groups,
        name="municipality_group",
    ),
    path("data", kolada.data, name="data"),
    path(
        "data/kpi/<str:kpi>/municipality/<str:municipality>/year/<str:year>",
        kolada.data,
        name="data_kpi_municipality_year",
    ),
    path(
        "data/kpi/<str:kpi>/municipality/<str:municipality>",
        kolada.data,
        name="data_kpi_municipality",
    ),
    path("data/kpi/<str:kpi>/year/<str:year>", kolada.data, name="data_kpi_year"),
    path(
        "data/municipality/<str:municipality>/year/<str:year>",
        kolada.data,
        name="data_municipality_year",
    ),
]
