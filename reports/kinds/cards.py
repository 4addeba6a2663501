"""党员义工证: wallet cards, eight to an A4 sheet, with the member's masked data, star level and a
QR in the 爱心超市 counter's own card format (signed member id), so a printed card scans there."""

from reports import services
from reports.kinds.common import members_of
from reports.render import qr_data_uri
from volunteer.adminviews.counter import card_code

TEMPLATE = "reports/pdf/cards.html"
PER_SHEET = 8


def build(job, actor, name, target, progress):
    members = list(members_of(actor, name, target).select_related("branch").order_by("branch__code", "name", "pk"))
    cards = []
    for i, member in enumerate(members):
        number = services.volunteer_number(member)
        cards.append({"member": member, "number": number, "qr": qr_data_uri(card_code(member), scale=3),
                      "stars": "★" * member.star_level})
        if i % 50 == 0:
            progress(10 + 70 * i // max(len(members), 1))
    sheets = [cards[i:i + PER_SHEET] for i in range(0, len(cards), PER_SHEET)]
    return {"sheets": sheets, "empty": not cards}
