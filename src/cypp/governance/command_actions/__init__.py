"""The actions of ``cypp governance``, one module each (``connect``, ``committees``,
``board``, ``sync``). Each module sets ``ACTION`` (its name on the command line), ``HELP``,
``READS_ONLY`` (True: it changes nothing, so it skips the system checks) and defines
``add_arguments(parser)`` and ``handle(command, options)``. What they share is in
``cypp.governance.command_words``."""
