"""The public /verify/ page answers a mistyped number with a Chinese explanation, never a 500."""

import pytest


@pytest.mark.parametrize("number", ["a/b", "ZYFW/2025/1", "编号", "<script>", "x" * 60])
def test_a_malformed_number_gets_a_clear_page(db, client, number):
    response = client.get("/verify/", {"number": number})
    assert response.status_code == 400
    page = response.content.decode()
    assert "证明编号格式不正确" in page and "<script>" not in page.split("<body>")[1].split("</div>")[0]


def test_a_well_formed_unknown_number_still_reads_as_not_found(db, client):
    response = client.get("/verify/", {"number": "ZYFW-2099-000001"}, follow=True)
    assert response.status_code == 404 and "未查到证明编号" in response.content.decode()
