"""stances: code what political actors say about policy into an auditable dataset."""

__version__ = "0.1.0"
