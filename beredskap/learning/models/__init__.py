from .exercises import Action, Exercise, Observation

__all__ = ["Action", "Exercise", "Observation"]
