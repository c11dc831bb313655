""" "What changed" in the library as an Atom feed: each new or revised published item, newest
first, one entry per revision (so a second edit is a new entry, not a silent update)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import queries
from .models import Revision

ENTRIES = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Beredskap – what changed in the knowledge library")

    def subtitle(self):
        return _("New and revised articles and links in the knowledge library.")

    def link(self):
        return reverse("library:index")

    def items(self):
        return queries.changes(ENTRIES)

    def item_title(self, revision: Revision) -> str:
        if revision.is_new:
            return _("New: %(title)s") % {"title": revision.item.title}
        return _("Revised: %(title)s") % {"title": revision.item.title}

    def item_description(self, revision: Revision) -> str:
        return revision.note or revision.item.summary

    def item_link(self, revision: Revision) -> str:
        return reverse("library:item", args=[revision.item.slug]) + f"#revision-{revision.number}"

    def item_guid(self, revision: Revision) -> str:
        return f"library-{revision.item.slug}-{revision.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, revision: Revision):
        return revision.at

    def item_updateddate(self, revision: Revision):
        return revision.at

    def item_author_name(self, revision: Revision) -> str | None:
        return revision.item.publisher or None
