"""django-modeltranslation: best practices are edited in Dutch and English in the admin."""

from modeltranslation.translator import TranslationOptions, register

from hulplijn.web.guidance.models import BestPractice


@register(BestPractice)
class BestPracticeTranslation(TranslationOptions):
    fields = ("title", "summary", "steps", "source")
    required_languages = ("nl", "en")
