from django import template
from django.utils.translation import get_language

from hulplijn.core import numbers

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, slug: str, fmt: str) -> str:
    """The current page's address (filters and weights kept) asking for one table's export."""
    query = context["request"].GET.copy()
    query["export"] = slug
    query["format"] = fmt
    return "?" + query.urlencode()


@register.inclusion_tag("cockpit/_table.html", takes_context=True)
def cockpit_table(context, table):
    return {"table": table, "request": context["request"]}


@register.filter
def bn(value) -> str:
    """A model figure in € bn with three significant digits: ``{{ x|bn }}`` -> 30,0 / 1,20."""
    return numbers.precise(value, get_language())


@register.filter
def euro(value) -> str:
    """An amount in whole euros in the page's language: ``{{ x|euro }}`` -> € 1.234."""
    return numbers.euro(value, get_language(), spaced=True)
