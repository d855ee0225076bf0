"""mkb-hulplijn: self-assessment, benchmarking and policy tooling for Dutch SMEs."""

__version__ = "0.1.0"
