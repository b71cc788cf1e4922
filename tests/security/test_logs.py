"""No personal data in logs: the access logs record no query string, a racing duplicate ID number is a field error."""

import re
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from gunicorn.config import Config
from gunicorn.glogging import Logger

from tests.conftest import client_for
from tests.visits.conftest import id_number_for, make_elder
from visits.models import Elder
from visits.services import save_elder

ID_NUMBER = "141129193807190012"
QUERY = f"q={ID_NUMBER}"
DEPLOY = settings.BASE_DIR / "deploy"


def gunicorn_access_line():
    """What gunicorn, with deploy/gunicorn.conf.py, writes for a search by ID number."""
    config = Config()
    namespace = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own deploy file
    config.set("access_log_format", namespace["access_log_format"])
    logger = Logger(config)
    request = SimpleNamespace(
        method="GET", path="/visits/elders/", query=QUERY, uri=f"/visits/elders/?{QUERY}", version=(1, 1), headers=[]
    )
    environ = {
        "REMOTE_ADDR": "10.0.0.7",
        "RAW_URI": f"/visits/elders/?{QUERY}",
        "QUERY_STRING": QUERY,
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/visits/elders/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://yanglao/visits/elders/?{QUERY}",
    }
    response = SimpleNamespace(status="200 OK", response_length=1234, headers=[], sent=1234)
    atoms = logger.atoms(response, request, environ, mock.Mock(seconds=0, microseconds=5000))
    return config.access_log_format % atoms


def test_the_gunicorn_access_log_has_the_path_but_no_query_string():
    line = gunicorn_access_line()
    assert "/visits/elders/" in line and "GET" in line and "200" in line
    assert ID_NUMBER not in line


def test_the_nginx_access_log_format_has_no_query_string_or_referer():
    conf = (DEPLOY / "nginx-zhongyang-eldercare.conf").read_text()
    formats = dict(re.findall(r"log_format\s+(\S+)\s+'([^;]*)';", conf))
    logs = re.findall(r"^\s*access_log\s+(\S+)\s+(\S+);", conf, re.M)
    servers = conf.count("server {")
    assert len(logs) == servers, "every server names its access log and format (the default format logs $request)"
    for _path, name in logs:
        assert name in formats
        assert not re.search(r"\$(request|request_uri|args|query_string|arg_\w+|http_referer)\b", formats[name]), name


@pytest.mark.django_db
def test_a_duplicate_id_number_racing_another_save_is_a_field_error(users, townships, make_village):
    village = make_village(townships["jinluo"])
    number = id_number_for(make_elder(village).birth_date)
    first = Elder.objects.create(
        name="甲", id_number=number, village=village, living_arrangement="alone", birth_date="1940-05-01", gender="male"
    )
    second = Elder(name="乙", id_number=first.id_number, village=village, living_arrangement="alone")
    # the other save happens between the form's check and this one's INSERT
    with mock.patch.object(Elder, "validate_unique"), pytest.raises(Exception) as error:
        save_elder(elder=second, by=users["jinluo"])
    assert error.type.__name__ == "ValidationError"
    assert "id_number" in error.value.message_dict
    assert first.id_number not in str(error.value)


@pytest.mark.django_db
def test_the_elder_form_answers_a_racing_duplicate_with_the_field_error(client, users, townships, make_village):
    village = make_village(townships["jinluo"])
    existing = make_elder(village)
    data = {"name": "乙", "id_number": existing.id_number, "village": village.pk, "living_arrangement": "alone"}
    data |= {"children_count": 0, "self_care": "independent", "archived_on": "2021-01-01"}
    client_for(client, users["jinluo"])
    with mock.patch.object(Elder, "validate_unique"), mock.patch("visits.forms.check_id_number_free"):
        response = client.post("/visits/elders/new/", data)
    assert response.status_code == 200
    assert "县民政局" in response.content.decode()
    assert Elder.objects.filter(id_number=existing.id_number).count() == 1
