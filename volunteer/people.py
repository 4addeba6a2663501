"""How a staff account is named on a screen: the person's name, not the login."""


def person_name(user):
    """A handling user's full name in Chinese order (姓 + 名, no space); the login name only when
    the account has no name; "" for no user."""
    if user is None:
        return ""
    name = f"{(user.last_name or '').strip()}{(user.first_name or '').strip()}"
    return name or user.get_username()
