"""How the work runs: forked processes over every core, progress lines."""
