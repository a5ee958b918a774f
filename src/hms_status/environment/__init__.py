"""The Environment Monitor: required tools, dependencies and configuration of a component.

``environment.monitor.check_environment`` runs the checks (and the safe repairs with
``fix``); ``environment.text.render_text`` gives the human lines and
``environment.model.EnvironmentReport.to_json()`` the plan's Environment Data shape.

Nothing is imported here: a reader of environment data (``environment.model``, e.g. a
recording command upgrading an older snapshot) must not load every check (about 90 ms).
"""
