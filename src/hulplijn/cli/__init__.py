"""The ``hulplijn`` command line."""
