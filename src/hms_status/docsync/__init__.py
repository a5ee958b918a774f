"""The Docs Integrator's pieces: view model, template context, charts and Markdown splicing."""
