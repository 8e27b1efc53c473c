"""The JSON API: one django-ninja router per domain, listed explicitly. OpenAPI docs at /api/docs."""

from ninja import NinjaAPI

from whoswatching.web.api import campaigns, coding, exposure, intake, registry, stats

api = NinjaAPI(title="whoswatching API", version="1", urls_namespace="api")

#: Every router and where it is mounted.
ROUTERS = (
    ("registry/", registry.router),
    ("campaigns/", campaigns.router),
    ("intake/", intake.router),
    ("coding/", coding.router),
    ("stats/", stats.router),
    ("exposure/", exposure.router),
)
for prefix, router in ROUTERS:
    api.add_router(prefix, router)
