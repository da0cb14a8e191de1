"""The partners area's routers, in the order their operations are documented
(included one by one, as the directory's are)."""

from api.partners.routes import action_items, actions, agreements, interactions, metrics, partners

TAG = "partners"
routers = [
    module.router for module in (partners, agreements, actions, interactions, action_items, metrics)
]
