from django.urls import path

from hulplijn.web.cockpit.views import (
    evaluation,
    monitoring,
    overview,
    plan,
    prioritisation,
    scenarios,
)

app_name = "cockpit"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("monitor/", monitoring.monitor, name="monitor"),
    path("evaluatie/", evaluation.evaluation_page, name="evaluation"),
    path("prioritering/", prioritisation.prioritisation, name="prioritisation"),
    path("plan/", plan.plan, name="plan"),
    path("scenarios/", scenarios.scenario_list, name="scenarios"),
    path("scenarios/nieuw/", scenarios.scenario_new, name="scenario_new"),
    path("scenarios/<int:pk>/", scenarios.scenario_detail, name="scenario"),
    path("scenarios/<int:pk>/wijzigen/", scenarios.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/verwijderen/", scenarios.scenario_delete, name="scenario_delete"),
    path("scenarios/<int:pk>/scenario.yaml", scenarios.scenario_yaml, name="scenario_yaml"),
    path("scenarios/<int:pk>/notitie.pdf", scenarios.scenario_brief, name="scenario_brief"),
]
