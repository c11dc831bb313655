from .events import CalendarFeed, Event, Registration
from .exercises import Action, Exercise, Observation
from .training import Completion, PlanItem, Training

__all__ = [
    "Action",
    "CalendarFeed",
    "Completion",
    "Event",
    "Exercise",
    "Observation",
    "PlanItem",
    "Registration",
    "Training",
]
