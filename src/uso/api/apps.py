from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "uso.api"
    verbose_name = "API"
