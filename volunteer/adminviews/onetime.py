"""One-time form keys kept in the page's address, so Back + submit again is one operation.

Admin pages are sent no-store, so Back, a reload or a second tab fetches the page anew; a key minted
on each page load would make that second submit a second withdrawal or a second redemption. Instead
a page whose form writes to a ledger gets its key when it is first opened: opened without one, it
redirects to the same address with a fresh `?key=…`, and the form carries that key however often the
page comes back. After the operation succeeds the view redirects to its address without the key, so
the next operation gets a new one; Back returns to the used key and the service replays the first
result instead of writing again."""

import re
import uuid

from django.shortcuts import redirect

KEY_PATTERN = re.compile(r"[0-9a-f]{32}")


def valid_key(key):
    return bool(KEY_PATTERN.fullmatch(key or ""))


def page_key(request):
    """The page's one-time key from its address, or None when it has none (or a malformed one)."""
    key = request.GET.get("key", "")
    return key if valid_key(key) else None


def with_fresh_key(request):
    """A redirect to the same address (its other parameters kept) with a newly minted key."""
    query = request.GET.copy()
    query["key"] = uuid.uuid4().hex
    return redirect(f"{request.path}?{query.urlencode()}")


class PageKeyMixin:
    """For a view whose GET shows a form with a one-time key: the key lives in the address."""

    def needs_page_key(self):
        return True

    def get(self, request, *args, **kwargs):
        if self.needs_page_key() and not page_key(request):
            return with_fresh_key(request)
        return super().get(request, *args, **kwargs)
