from django import template

from basisbaan.roles import ROLE_LABELS

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    """The Dutch label of a role (group) name."""
    return str(ROLE_LABELS.get(group_name, group_name))
