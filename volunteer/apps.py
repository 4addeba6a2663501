from django.apps import AppConfig


class VolunteerConfig(AppConfig):
    name = "volunteer"
    verbose_name = "党员义工"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Figures caches are invalidated by signals; connect them in every process (web, worker,
        # commands), not only where the admin hooks load.
        from volunteer.dashboard import cache  # noqa: F401
