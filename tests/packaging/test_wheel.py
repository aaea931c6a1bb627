"""Jalon built as a fresh clone builds it (``python -m build``: the sdist, then the wheel from the
sdist) serves a working UI once the wheel is installed: the front-end libraries from npm, the
French catalogue compiled from its ``.po``, every template and static file of the package, the
pages with all the static files they load, and the API documentation with its assets.

The module builds once (a minute or two: isolated build environments, htmx from npm), then
installs the wheel without dependencies into a fresh virtual environment that borrows this
environment's installed packages, so that nothing else is downloaded.
"""

from __future__ import annotations

import gettext
import http.cookiejar
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

pytestmark = [
    pytest.mark.packaging,
    # the wheel holds no database: built and tried once, in the SQLite pass of scripts/test
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                       reason="the wheel is built and tried in the SQLite pass"),
]

ROOT = Path(__file__).resolve().parents[2]
HTMX = "static/vendor/htmx.min.js"
CATALOGUE = "locale/fr/LC_MESSAGES/django"
ADMIN, PASSWORD = "wheel-admin", "an-installed-wheel-42"


def git_files() -> list[str]:
    """What a fresh clone holds, new files included: never node_modules nor the vendor files."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def fresh_clone(into: Path) -> Path:
    for name in git_files():
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, into / name)
    return into


def outside_env() -> dict[str, str]:
    """This environment without the source tree on the path nor the test settings."""
    hidden = ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "JALON_DATA_DIR")
    return {name: value for name, value in os.environ.items() if name not in hidden}


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None,
        timeout: int = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env or outside_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("packaging")
    source = fresh_clone(work / "source")
    run(sys.executable, "-m", "build", "--outdir", work / "dist", source, cwd=work)
    return work / "dist"


def test_without_npm_the_build_stops_and_says_what_to_install(tmp_path: Path) -> None:
    source = fresh_clone(tmp_path / "source")
    no_npm = tmp_path / "bin"
    no_npm.mkdir()
    done = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", tmp_path / "dist",
                           source], cwd=tmp_path, env={**outside_env(), "PATH": str(no_npm)},
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode != 0
    assert "npm was not found. Install Node.js 20 with npm" in done.stdout + done.stderr
    assert not list(tmp_path.glob("dist/*"))


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Iterator[zipfile.ZipFile]:
    (path,) = dist.glob("jalon-*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def test_the_sdist_ships_the_front_end_libraries_built(dist: Path) -> None:
    (path,) = dist.glob("jalon-*.tar.gz")
    with tarfile.open(path) as archive:
        names = archive.getnames()
    assert any(name.endswith(f"/src/jalon/{HTMX}") for name in names)


def test_the_wheel_holds_the_front_end_libraries_and_every_file_of_the_package(
        wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert f"jalon/{HTMX}" in names
    assert wheel.read(f"jalon/{HTMX}").startswith(b"var htmx")
    package = {name.removeprefix("src/") for name in git_files() if name.startswith("src/jalon/")}
    assert package - names == set()  # templates, static files, catalogues, migrations, demo
    assert f"jalon/{CATALOGUE}.mo" in names


def test_the_wheel_catalogue_is_compiled_from_the_po_file(wheel: zipfile.ZipFile) -> None:
    compiled = gettext.GNUTranslations(io.BytesIO(wheel.read(f"jalon/{CATALOGUE}.mo")))
    entries = polib.pofile(str(ROOT / "src" / "jalon" / f"{CATALOGUE}.po")).translated_entries()
    assert len(entries) > 100
    for entry in entries:
        if entry.msgid_plural:
            found = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1) \
                if entry.msgctxt else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            assert found == entry.msgstr_plural[0], entry.msgid
        else:
            found = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt \
                else compiled.gettext(entry.msgid)
            assert found == entry.msgstr, entry.msgid


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel, which sees this environment's packages."""
    work = tmp_path_factory.mktemp("venv")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    (site_packages,) = venv.glob("lib/python*/site-packages")
    # Plain paths: the .pth files in there (this environment's editable Jalon) are not read.
    borrowed = [path for path in sys.path if Path(path).name == "site-packages"]
    (site_packages / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n")
    (path,) = dist.glob("jalon-*.whl")
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
        "--no-deps", "--no-index", "--quiet", path, cwd=work)
    return venv


def test_the_installed_jalon_is_the_wheel_not_the_source_tree(venv: Path) -> None:
    done = run(venv / "bin" / "python", "-c", "import jalon; print(jalon.__file__)",
               cwd=venv.parent)
    assert Path(done.stdout.strip()).is_relative_to(venv)


class Browser:
    """A visitor of the served Jalon with its own cookies (its session once signed in)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, bytes]:
        """Status, final URL and body of a GET (redirects followed)."""
        try:
            with self.opener.open(self.url + path, timeout=30) as response:
                return response.status, response.url, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read()

    def sign_in(self) -> None:
        _status, _url, page = self.get("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(),
                                       "username": ADMIN, "password": PASSWORD})
        request = urllib.request.Request(self.url + "/login/", data=form.encode(),
                                         headers={"Referer": self.url + "/login/"})
        with self.opener.open(request, timeout=30) as response:
            assert not response.url.endswith("/login/"), "signing in failed"

    def assert_static_files_served(self, page: bytes) -> list[str]:
        """Fetch every static file the page loads; return their paths."""
        loaded = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.decode())
        for path in loaded:
            status, _url, body = self.get(path)
            assert (status, bool(body)) == (200, True), path
        return loaded


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url + "/login/", timeout=2).close()
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``jalon serve`` (gunicorn, static files by WhiteNoise) from the fresh environment, on a
    new SQLite database with one PMO administrator, as an administrator would start it."""
    data = tmp_path_factory.mktemp("data")
    env = {**outside_env(), "JALON_DATA_DIR": str(data)}
    jalon = venv / "bin" / "jalon"
    run(jalon, "migrate", cwd=data, env=env)
    run(jalon, "createadmin", ADMIN, "--password", PASSWORD, cwd=data, env=env)
    port = free_port()
    process = subprocess.Popen([jalon, "serve", "--port", str(port), "--workers", "1"], cwd=data,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not answers(url):
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            assert time.monotonic() < deadline, "the installed Jalon never answered"
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()


def test_the_login_page_is_in_french_with_htmx_and_every_static_file(server: str) -> None:
    browser = Browser(server)
    status, _url, page = browser.get("/login/")
    assert status == 200
    assert "Se connecter" in page.decode()
    assert f"/{HTMX}" in browser.assert_static_files_served(page)


def test_a_signed_in_page_of_an_app_is_served_with_its_static_files(server: str) -> None:
    browser = Browser(server)
    browser.sign_in()
    status, url, page = browser.get("/")
    assert (status, urllib.parse.urlparse(url).path) == (200, "/")
    assert "Demandez-en un à votre PMO." in page.decode()  # the portfolios app's own template
    browser.assert_static_files_served(page)


def test_the_api_documentation_loads_its_assets(server: str) -> None:
    browser = Browser(server)
    status, _url, page = browser.get("/api/docs")
    assert status == 200
    loaded = browser.assert_static_files_served(page)
    assert any("swagger-ui" in path for path in loaded)
