"""How a staff account is named on a screen: the person's name, not the login."""


def chinese_full_name(user):
    """姓 + 名 with no space (the User model's get_full_name, see apps.py)."""
    return f"{(user.last_name or '').strip()}{(user.first_name or '').strip()}"


def person_name(user):
    """A handling user's full name in Chinese order (姓 + 名, no space); the login name only when
    the account has no name; "" for no user."""
    if user is None:
        return ""
    return chinese_full_name(user) or user.get_username()
