"""The nginx in front of the web replicas (deploy/nginx/default.conf.template, the very file
docker-compose mounts), run here in front of a live server: anonymous public pages are cached,
nothing signed-in or private is, and only uploaded images are served from the media folder."""

import http.client
import socket
import subprocess
import time

import pytest

from bench.loadtest import frontproxy

# Transactional (the live server reads from another connection); migrated_data puts back what the
# flush afterwards takes away.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def proxy(live_server, tmp_path):
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "合影.jpg").write_bytes(b"\xff\xd8 photo")
    (media / "reports" / "7").mkdir(parents=True)
    (media / "reports" / "7" / "名册.pdf").write_bytes(b"%PDF names")
    port = free_port()
    command = frontproxy.configure(tmp_path / "nginx", listen=f"127.0.0.1:{port}", upstream=live_server.url.replace("localhost", "127.0.0.1"),
                                   media_parent=tmp_path)
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)

    def get(path, **headers):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("X-Cache-Status"), body

    yield get
    process.terminate()
    process.wait(timeout=10)


def test_anonymous_public_pages_and_api_are_cached(proxy):
    status, first, _ = proxy("/")
    assert status == 200 and first == "MISS"
    assert proxy("/")[1] == "HIT"
    assert proxy("/api/v2/pages/")[1] == "MISS" and proxy("/api/v2/pages/")[1] == "HIT"


def test_signed_in_private_and_token_requests_are_never_cached(proxy):
    proxy("/")
    assert proxy("/", Cookie="sessionid=abc")[1] == "BYPASS"
    for path in ("/admin/login/", "/portal/login/", "/healthz/", "/verify/"):
        proxy(path)
        assert proxy(path)[1] == "BYPASS", path
    proxy("/api/v2/pages/")
    assert proxy("/api/v2/pages/", Authorization="Token x")[1] == "BYPASS"


def test_only_uploaded_images_are_served_from_media(proxy):
    status, _, body = proxy("/media/original_images/%E5%90%88%E5%BD%B1.jpg")
    assert status == 200 and body == b"\xff\xd8 photo"
    # Reports and certificates name people: only the admin's permission-checked download serves them.
    status, _, body = proxy("/media/reports/7/%E5%90%8D%E5%86%8C.pdf")
    assert status == 404 and b"names" not in body


def test_redirects_are_not_cached_and_the_scheme_the_balancer_saw_is_part_of_the_key(proxy):
    """Behind TLS termination a cached http → https redirect would loop https visitors."""
    assert proxy("/stories")[0] == 301  # APPEND_SLASH
    assert proxy("/stories")[1] != "HIT"
    proxy("/", **{"X-Forwarded-Proto": "http"})
    assert proxy("/", **{"X-Forwarded-Proto": "http"})[1] == "HIT"
    assert proxy("/", **{"X-Forwarded-Proto": "https"})[1] == "MISS"
