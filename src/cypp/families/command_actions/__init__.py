"""The actions of ``cypp families``, one module each (``framework``, ``import``, ``summary``,
``audit``...). Each module sets ``ACTION`` (its name on the command line), ``HELP``,
``READS_ONLY`` (True: it changes nothing, so it skips the system checks) and defines
``add_arguments(parser)`` and ``handle(command, options)``."""
