"""Files kept in S3-compatible object storage (``JALON_STORAGE=s3``), against a real S3 endpoint
spoken to over HTTP: moto's S3 server on the loopback, driven by django-storages and boto3 as
Jalon configures them (``jalon.settings.storages_from``). A document uploaded is stored in the
bucket and downloaded from it; ``jalon backup`` takes the bucket's files and ``jalon restore``
writes them into an empty bucket, refusing one in use."""

from __future__ import annotations

import socket

import boto3
import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from jalon.backups import backup, restore, stored_files
from jalon.documents import services as documents
from jalon.documents.uploads import Upload
from jalon.errors import ValidationFailed
from jalon.settings import storages_from
from tests.backups.test_backups import empty_database
from tests.pages import signed_in

pytestmark = [pytest.mark.django_db(transaction=True)]

KEYS = {"JALON_S3_ACCESS_KEY": "jalon-test", "JALON_S3_SECRET_KEY": "jalon-test-secret",
        "JALON_S3_REGION": "eu-west-3"}


@pytest.fixture(scope="module")
def endpoint():
    """An S3 server on a free port of the loopback, for this module."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def bucket(endpoint: str, name: str) -> dict[str, str]:
    """A new, empty bucket; the environment that points Jalon at it."""
    client = boto3.client("s3", endpoint_url=endpoint, region_name=KEYS["JALON_S3_REGION"],
                          aws_access_key_id=KEYS["JALON_S3_ACCESS_KEY"],
                          aws_secret_access_key=KEYS["JALON_S3_SECRET_KEY"])
    client.create_bucket(Bucket=name, CreateBucketConfiguration={
        "LocationConstraint": KEYS["JALON_S3_REGION"]})
    return {"JALON_STORAGE": "s3", "JALON_S3_BUCKET": name, "JALON_S3_ENDPOINT_URL": endpoint,
            "JALON_S3_PREFIX": "jalon", **KEYS}


def objects(endpoint: str, name: str) -> dict[str, bytes]:
    """What the bucket holds, read with boto3 rather than through Jalon."""
    client = boto3.client("s3", endpoint_url=endpoint, region_name=KEYS["JALON_S3_REGION"],
                          aws_access_key_id=KEYS["JALON_S3_ACCESS_KEY"],
                          aws_secret_access_key=KEYS["JALON_S3_SECRET_KEY"])
    listed = client.list_objects_v2(Bucket=name).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
            for item in listed}


@pytest.fixture
def s3(settings, endpoint, tmp_path, request):
    """Jalon's default storage in a bucket of this test's own; nothing in the data directory."""
    name = request.node.name.replace("_", "-")[:50].lower()
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.STORAGES = storages_from(bucket(endpoint, name))  # Django rebuilds its storages
    return name


def test_a_document_goes_to_the_bucket_and_comes_back_from_it(s3, endpoint, manager, project,
                                                             settings):
    with translation.override("en"):
        document = documents.document_create(
            actor=manager, scope=project, title="Minutes",
            upload=Upload(name="kick-off.txt", content=b"Minutes of the kick-off\n"))
    stored = objects(endpoint, s3)
    [key] = stored
    assert key.startswith("jalon/documents/") and stored[key] == b"Minutes of the kick-off\n"
    assert not settings.MEDIA_ROOT.exists()
    response = signed_in(manager).get(f"/documents/{document.pk}/versions/1/file/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content == b"Minutes of the kick-off\n"


def test_a_backup_takes_the_bucket_and_a_restore_fills_an_empty_one(s3, endpoint, manager,
                                                                    project, tmp_path, settings):
    with translation.override("en"):
        for name in ("charte.txt", "plan de masse – lot 1.txt"):
            documents.document_create(actor=manager, scope=project, title=name,
                                      upload=Upload(name=name, content=name.encode() * 50))
    before = objects(endpoint, s3)
    assert len(before) == 2
    archive = tmp_path / "jalon.tar.gz"
    assert backup(archive).files == 2

    settings.STORAGES = storages_from(bucket(endpoint, s3 + "-restored"))
    with empty_database(tmp_path) as (settings_dict, _connect):
        assert restore(archive, settings_dict=settings_dict).files == 2
    assert objects(endpoint, s3 + "-restored") == before
    assert sorted(stored_files(default_storage)) == sorted(
        key.removeprefix("jalon/") for key in before)

    # the bucket now holds files: a second restore into it is refused, and changes nothing
    with empty_database(tmp_path / "again") as (settings_dict, _connect), \
            translation.override("en"), pytest.raises(ValidationFailed, match="not empty"):
        restore(archive, settings_dict=settings_dict)
    assert objects(endpoint, s3 + "-restored") == before
