from .pipeline import Pipeline
# from .gridsearch import GridSearch


__all__ = [
    'Pipeline'
    ]
