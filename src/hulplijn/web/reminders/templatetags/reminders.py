"""The reminder choice as a block of the account overview: ``{% reminder_settings %}``."""

from django import template

from hulplijn.web.reminders import services
from hulplijn.web.reminders.forms import ReminderSettingsForm

register = template.Library()


@register.inclusion_tag("reminders/_settings.html", takes_context=True)
def reminder_settings(context):
    user = context["request"].user
    chosen = services.settings_of(user)
    return {
        "form": ReminderSettingsForm(
            initial={"new_round": chosen.new_round, "follow_up": chosen.follow_up}
        ),
        "has_email": bool(user.email),
        "csrf_token": context.get("csrf_token"),
    }
