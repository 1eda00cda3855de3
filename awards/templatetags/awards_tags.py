"""Template tags of the awards app."""

from django import template

register = template.Library()


@register.simple_tag
def stage(award, standing: str, plural: bool = False) -> str:
    """What `award` calls a standing (its own word for its long list and finalists):
    {% stage edition.award "finalist" plural=True %}."""
    return award.stage_name(standing, plural=plural)
