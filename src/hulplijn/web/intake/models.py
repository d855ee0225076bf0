"""The register table: figures per firm and year (e.g. from deposited annual accounts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

NUMBER = {"null": True, "blank": True}


class RegisterRecord(models.Model):
    """What a register says about one firm in one year; imported with `import_register`."""

    kvk_number = models.CharField(_("KvK number"), max_length=8, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    gross_margin = models.FloatField(_("gross margin"), **NUMBER)
    wage_costs = models.FloatField(_("wage costs"), **NUMBER)
    fte = models.FloatField(_("FTE"), **NUMBER)
    equity = models.FloatField(_("equity"), **NUMBER)
    total_assets = models.FloatField(_("total assets"), **NUMBER)
    sbi = models.CharField(_("SBI code"), max_length=5, blank=True)
    working_persons = models.PositiveIntegerField(_("working persons"), **NUMBER)
    source = models.CharField(_("source"), max_length=120)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register record")
        verbose_name_plural = _("register records")
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number", "year"], name="one_record_per_firm_and_year"
            )
        ]
