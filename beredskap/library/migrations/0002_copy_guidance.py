"""Guidance items grow into the library: each `catalogue.GuidanceItem` becomes a link with
its areas and indicators as tags and a first revision; `catalogue` 0004 then removes the
old table (it depends on this migration, so the rows are copied first)."""

from django.db import migrations
from django.utils import timezone

FIELDS = ("title_sv", "title_en", "summary_sv", "summary_en", "url", "publisher")


def copy_guidance(apps, schema_editor):
    GuidanceItem = apps.get_model("catalogue", "GuidanceItem")
    Item = apps.get_model("library", "Item")
    Tag = apps.get_model("library", "Tag")
    Revision = apps.get_model("library", "Revision")
    now = timezone.now()
    for old in GuidanceItem.objects.order_by("pk").prefetch_related("indicators"):
        if Item.objects.filter(slug=old.slug).exists():
            continue
        fields = {name: getattr(old, name) for name in FIELDS}
        item = Item.objects.create(
            slug=old.slug,
            kind="link",
            active=old.active,
            position=old.position,
            created_at=now,
            updated_at=now,
            **fields,
        )
        areas = sorted(set(old.area_codes or []))
        indicators = sorted({i.code for i in old.indicators.all()})
        Tag.objects.bulk_create(
            [Tag(item=item, dimension="area", code=code) for code in areas]
            + [Tag(item=item, dimension="indicator", code=code) for code in indicators]
        )
        data = fields | {
            "slug": old.slug,
            "kind": "link",
            "active": old.active,
            "area_codes": areas,
            "indicators": indicators,
        }
        Revision.objects.create(
            item=item, number=1, at=now, note="Moved from the guidance list", data=data
        )


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("catalogue", "0003_guidanceitem"),
    ]

    operations = [migrations.RunPython(copy_guidance, migrations.RunPython.noop)]
