from django.apps import AppConfig


class VolunteerConfig(AppConfig):
    name = "volunteer"
    verbose_name = "党员义工"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Figures caches are invalidated by signals; connect them in every process (web, worker,
        # commands), not only where the admin hooks load.
        # Wagtail names a user by get_full_name(), which Django writes as "名 姓" ("秀兰 王"); a
        # person here is 姓名 with no space. The default User model is kept, so say it once here.
        from django.contrib.auth import get_user_model

        from volunteer.dashboard import cache  # noqa: F401
        from volunteer.people import chinese_full_name

        get_user_model().get_full_name = chinese_full_name
