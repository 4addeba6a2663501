from django.apps import AppConfig


class VolunteerConfig(AppConfig):
    name = "volunteer"
    verbose_name = "党员义工"
    default_auto_field = "django.db.models.BigAutoField"
