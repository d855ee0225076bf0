from django import template

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
