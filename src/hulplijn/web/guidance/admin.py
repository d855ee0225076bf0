from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from hulplijn.web.guidance.models import BestPractice


@admin.register(BestPractice)
class BestPracticeAdmin(TranslationAdmin):
    list_display = ("title", "area", "theme", "is_published")
    list_filter = ("area", "theme", "is_published")
    search_fields = ("title", "summary")
