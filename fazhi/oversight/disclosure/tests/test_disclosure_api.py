"""依申请公开 over the API: same services, same visibility, masked personal data."""

from fazhi.core.models import AuditEntry

from .factories import ID_NUMBER

RECORDS = "/api/disclosure/records"


def test_api_uses_the_same_services_and_masks(org, people, client):
    client.force_login(people["police_staff"])
    response = client.post(
        RECORDS,
        content_type="application/json",
        data={
            "agency": "532504-gaj",
            "applicant_type": "person",
            "applicant_name": "钱七",
            "applicant_id_number": ID_NUMBER,
            "applicant_phone": "13812345678",
            "description": f"2020年交通事故统计(本人身份证{ID_NUMBER})",
            "format_wanted": "paper",
            "channel": "fax",
            "submitted_on": "2021-09-28",
            "received_on": "2021-09-28",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["applicant_phone"] == "138****5678" and ID_NUMBER not in response.content.decode()
    assert body["description"].startswith("2020年交通事故统计(本人身份证5325*")
    assert body["reply_due_on"] == "2021-11-01" and body["agency"] == "532504-gaj"
    refused = client.post(
        f"{RECORDS}/{body['id']}/paid", content_type="application/json", data={"on": "2021-10-08"}
    )
    assert refused.status_code == 422 and "办理中" in refused.json()["detail"]
    ok = client.post(
        f"{RECORDS}/{body['id']}/reply",
        content_type="application/json",
        data={"on": "2021-10-08", "situation": "36_2", "confirmed": True},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "replied"
    channels = AuditEntry.objects.filter(
        object_type="disclosure.DisclosureRequest", object_id=str(body["id"])
    ).values_list("channel", flat=True)
    assert list(channels) == ["api", "api"]
    listed = client.get(RECORDS).json()
    assert [r["id"] for r in listed["items"]] == [body["id"]] and listed["next"] is None
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"{RECORDS}/{body['id']}").status_code == 404
    assert client.get(RECORDS).json()["items"] == []
