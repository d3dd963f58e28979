"""Attachments in an S3-compatible object store (FAZHI_S3_BUCKET): the same upload, checksum and
download as on the filesystem, through Django's storage API and django-storages' S3 backend,
against moto's in-process S3 (no network). The settings read the store from the environment."""

import hashlib

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from fazhi.core.models import Attachment
from fazhi.core.tests.test_security_settings import settings_with
from fazhi.disputes.reconsideration.tests.factories import received

BUCKET = "fazhi-files"
S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": BUCKET,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "location": "weile",
        "default_acl": "private",
        "file_overwrite": False,
    },
}


@pytest.fixture
def bucket(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": S3}
        yield client


def test_an_attachment_goes_to_the_bucket_and_comes_back_checked(org, people, client, bucket):
    case = received(org, people["reviewer"])
    client.force_login(people["reviewer"])
    content = "%PDF-1.4 查封现场笔录".encode()
    url = reverse("reconsideration:attach", args=[case.pk])
    client.post(url, {"file": SimpleUploadedFile("现场检查笔录.pdf", content)})

    stored = Attachment.objects.get()
    [key] = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert key.startswith("weile/attachments/") and key.endswith(".pdf")
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    download = reverse("core:attachment_file", args=[stored.pk])
    assert client.get(download).content == content

    # Replaced in the store behind the platform's back: the download refuses it.
    bucket.put_object(Bucket=BUCKET, Key=key, Body=b"forged")
    assert client.get(download).status_code == 409


def test_the_same_name_twice_keeps_both_files(org, people, client, bucket):
    case = received(org, people["reviewer"])
    client.force_login(people["reviewer"])
    url = reverse("reconsideration:attach", args=[case.pk])
    for _ in range(2):  # the stored name is the content's digest: the same content twice
        client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF same")})
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 2 and Attachment.objects.count() == 2


def test_the_store_is_configured_from_the_environment():
    found = settings_with(
        "STORAGES",
        FAZHI_DEBUG="true",
        FAZHI_S3_BUCKET="files",
        FAZHI_S3_ENDPOINT_URL="https://oss.example.gov.cn",
        FAZHI_S3_ACCESS_KEY="id",
        FAZHI_S3_SECRET_KEY="secret",
    )
    default = found["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "files"
    assert default["OPTIONS"]["endpoint_url"] == "https://oss.example.gov.cn"
    assert default["OPTIONS"]["default_acl"] == "private"
    without = settings_with("STORAGES", FAZHI_DEBUG="true")["STORAGES"]["default"]
    assert without["BACKEND"] == "django.core.files.storage.FileSystemStorage"
