from .exercises import Action, Exercise, Observation
from .training import Completion, PlanItem, Training

__all__ = ["Action", "Completion", "Exercise", "Observation", "PlanItem", "Training"]
