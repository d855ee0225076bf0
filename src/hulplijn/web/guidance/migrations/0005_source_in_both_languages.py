"""Best practices' source in Dutch and in English (django-modeltranslation's source_nl and
source_en). Rows whose source is still the text loaded in 0002 (or, on a new database, the
Dutch text it now loads) get both languages from the reference data; a source changed in the
admin is kept, in both languages, for the editors to translate."""

from django.db import migrations, models

# the English descriptions 0002 loaded before they were written in both languages
OLD_SOURCES = {
    "bp_weekly_key_figures": (
        "World Management Survey, methodology (monitoring, targets, incentives)"
    ),
    "bp_fix_root_causes": (
        "Bloom and Van Reenen (2007), Measuring and Explaining Management Practices Across Firms and Countries, Quarterly Journal of Economics 122(4), abstract page at the LSE Centre for Economic Performance"
    ),
    "bp_sounding_board": ("Stichting Ondernemersklankbord (coaching by former entrepreneurs)"),
    "bp_one_page_plan": (
        "Nederlands Comité voor Ondernemerschap, Jaarbericht Staat van het mkb (page at the SER)"
    ),
    "bp_values_as_behaviour": (
        "NL Groeit, summary of the Jaarbericht Staat van het mkb 2019 (renewing management practices)"
    ),
    "bp_goals_to_months": ("MKB Servicedesk, KPI's bepalen, monitoren en bijsturen"),
    "bp_personal_targets": (
        "Bloom et al. (2019), What Drives Differences in Management Practices?, American Economic Review 109(5), based on the US Census Bureau MOPS"
    ),
    "bp_growth_route": ("OECD (2019), OECD SME and Entrepreneurship Outlook 2019"),
    "bp_first_export_market": (
        "European Commission, Access2Markets, Gids voor de uitvoer van goederen"
    ),
    "bp_customer_ideas": ("OECD (2019), OECD SME and Entrepreneurship Outlook 2019"),
    "bp_knowledge_question": ("RVO, MIT kennisvouchers"),
    "bp_feasibility_first": ("RVO, Mkb-innovatiestimulering Regio en Topsectoren (MIT)"),
    "bp_digital_basics": ("Katapult, Digitale Werkplaatsen (students help SMEs digitalise)"),
    "bp_use_your_data": (
        "OECD (2019), Enhancing SME productivity - policy highlights on managerial skills, workforce skills and business linkages"
    ),
    "bp_cyber_basics": (
        "Digital Trust Center (Ministerie van Economische Zaken), information for entrepreneurs; its work is being brought together with the NCSC, so the address may move"
    ),
    "bp_price_review": ("KVK, Bepaal je nieuwe prijs met deze 10 tips"),
    "bp_follow_up_customers": (
        "Katapult, Digitale Werkplaatsen (help with online sales and marketing)"
    ),
    "bp_waste_walk": ("World Management Survey, methodology (lean operations and monitoring)"),
    "bp_standard_work": (
        "Bloom and Van Reenen (2007), Measuring and Explaining Management Practices Across Firms and Countries, abstract page at the LSE Centre for Economic Performance"
    ),
    "bp_energy_savings": ("RVO, Stappenplan informatieplicht energiebesparing"),
    "bp_regular_talks": ("KVK, Beoordelingsgesprek voorbereiden en voeren als werkgever"),
    "bp_recognise_and_address": (
        "Bloom et al. (2019), What Drives Differences in Management Practices?, American Economic Review 109(5)"
    ),
    "bp_training_plan": ("Uitvoering van Beleid SZW, SLIM-regeling (aanvragen)"),
    "bp_learning_company": ("SBB, Voorwaarden erkenning leerbedrijf"),
    "bp_cross_training": ("Rijksoverheid, Leven lang ontwikkelen - maatregelen en regelingen"),
    "bp_check_in_workload": (
        "TNO, Psychosociale arbeidsbelasting (information and tools for employers)"
    ),
    "bp_involve_in_improvement": (
        "Be the Business, Small Changes for a Big Impact (productivity manifesto, UK; the report's example for measure 8)"
    ),
    "bp_pay_and_prospects": (
        "OECD (2019), OECD SME and Entrepreneurship Outlook 2019 (productivity and wage gaps)"
    ),
}


def both_languages(apps, schema_editor):
    from hulplijn.reference import params

    BestPractice = apps.get_model("guidance", "BestPractice")
    now = {p["code"]: p for p in params.best_practices()["practices"]}
    for practice in BestPractice.objects.all():
        data = now.get(practice.code)
        loaded = data is not None and practice.source in (
            OLD_SOURCES.get(practice.code),
            data["source"],
        )
        if loaded:
            practice.source = practice.source_nl = data["source"]
            practice.source_en = data["source_en"]
        else:
            practice.source_nl = practice.source_en = practice.source
        practice.save(update_fields=["source", "source_nl", "source_en"])


class Migration(migrations.Migration):
    dependencies = [("guidance", "0004_measure_ids_of_schemes")]

    operations = [
        migrations.AddField(
            model_name="bestpractice",
            name="source_en",
            field=models.CharField(max_length=300, null=True, verbose_name="source"),
        ),
        migrations.AddField(
            model_name="bestpractice",
            name="source_nl",
            field=models.CharField(max_length=300, null=True, verbose_name="source"),
        ),
        migrations.RunPython(both_languages, migrations.RunPython.noop),
    ]
