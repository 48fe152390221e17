import no_such_module_for_jupyter_reactive_tests  # noqa: F401

import jupyter_reactive as jr

jr.write("unreachable")
