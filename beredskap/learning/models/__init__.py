from .training import Completion, PlanItem, Training  # noqa: F401
