"""A read API compatible with Kolada v3, over released public values (docs/kolada.md).

Mounted at `/kolada/v3/`; paths as Kolada's, each also with a trailing slash (koladapy
asks for `data/?kpi_id=…`). Anything else under the door is a JSON 404.
"""

from django.urls import re_path

from . import kolada

app_name = "kolada"
SEGMENT = r"[^/]+"


def route(pattern: str, view, name: str):
    """Kolada's path, `<name>` standing for one segment, with an optional trailing slash."""
    regex = pattern
    for part in pattern.split("/"):
        if part.startswith("<"):
            regex = regex.replace(part, f"(?P{part}{SEGMENT})")
    return re_path(f"^{regex}/?$", view, name=name)


urlpatterns = [
    route("kpi", kolada.kpi, "kpi"),
    route("kpi/<ids>", kolada.kpi, "kpi_ids"),
    route("kpi_groups", kolada.kpi_groups, "kpi_groups"),
    route("kpi_groups/<group_id>", kolada.kpi_groups, "kpi_group"),
    route("municipality", kolada.municipality, "municipality"),
    route("municipality/<ids>", kolada.municipality, "municipality_ids"),
    route("municipality_groups", kolada.municipality_groups, "municipality_groups"),
    route("municipality_groups/<group_id>", kolada.municipality_groups, "municipality_group"),
    route("ou", kolada.ou, "ou"),
    route("ou/<ids>", kolada.ou, "ou_ids"),
    route("data", kolada.data, "data"),
    route(
        "data/kpi/<kpi>/municipality/<municipality>/year/<year>",
        kolada.data,
        "data_kpi_municipality_year",
    ),
    route("data/kpi/<kpi>/municipality/<municipality>", kolada.data, "data_kpi_municipality"),
    route("data/kpi/<kpi>/year/<year>", kolada.data, "data_kpi_year"),
    route("data/municipality/<municipality>/year/<year>", kolada.data, "data_municipality_year"),
    route("oudata", kolada.oudata, "oudata"),
    route("oudata/kpi/<kpi>/ou/<ou>/year/<year>", kolada.oudata, "oudata_kpi_ou_year"),
    route("oudata/kpi/<kpi>/ou/<ou>", kolada.oudata, "oudata_kpi_ou"),
    route("oudata/kpi/<kpi>/year/<year>", kolada.oudata, "oudata_kpi_year"),
    route("oudata/ou/<ou>/year/<year>", kolada.oudata, "oudata_ou_year"),
    re_path(r"^(?P<rest>.*)$", kolada.not_found, name="not_found"),
]
