from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the demo town's builders and the development commands (load_demo_town, benchmark_*)."""

    name = "demo"
