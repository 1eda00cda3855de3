"""Template tags of the awards app."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

register = template.Library()


@register.simple_tag
def stage(award, standing: str, plural: bool = False) -> str:
    """What `award` calls a standing (its own word for its long list and finalists):
    {% stage edition.award "finalist" plural=True %}."""
    return award.stage_name(standing, plural=plural)


def days_left_at(moment, now) -> str:
    """How long is left at `now` until a deadline, in the reader's words: "45 dagar kvar",
    "sista dagen i dag", or "" once it has passed. Counted in calendar days of Swedish time,
    as people count them."""
    if moment is None or moment < now:
        return ""
    days = (timezone.localtime(moment).date() - timezone.localtime(now).date()).days
    if days == 0:
        return gettext("last day today")
    return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}


@register.filter
def days_left(moment) -> str:
    """{{ edition.submission_deadline|days_left }}: see days_left_at."""
    return days_left_at(moment, timezone.now())


@register.filter
def get_item(mapping, key):
    """mapping[key], or None: {{ progress|get_item:section.pk }}."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def content_lang(obj, field: str = "") -> str:
    """` lang="sv"` where a page in another language shows text written in the award's own
    language (WCAG 3.1.2): a field without an English version, or whose English version is
    empty. `{% content_lang criterion "name" %}`; without a field, text people wrote (answers,
    the award's blurb), which is in the award's language."""
    content = settings.LANGUAGE_CODE
    if get_language() == content:
        return ""
    if field and getattr(obj, f"{field}_en", ""):
        return ""
    return format_html(' lang="{}"', content)
