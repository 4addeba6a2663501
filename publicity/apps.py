from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = "宣传展示"
    default_auto_field = "django.db.models.BigAutoField"
