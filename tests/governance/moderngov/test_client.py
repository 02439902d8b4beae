"""The web service over HTTP, against a real server on this machine: the calls as the
service takes them, and each failure a message naming the address and the call."""

from __future__ import annotations

import socket

import pytest

from cypp.governance.moderngov import CommitteeSystemError, WebServiceTransport, committees_fetch
from tests.governance.moderngov.conftest import RECORDED


def test_a_call_is_a_get_of_the_method_with_its_parameters_and_names_cypp(council_site):
    council_site.body = (RECORDED / "GetCommittees.xml").read_bytes()
    transport = WebServiceTransport(council_site.address)
    committees = committees_fetch(transport)
    assert [c.id for c in committees] == [312, 163, 144]
    transport.call("GetMeetings", lCommitteeId=144, sFromDate="01/01/2026", sToDate="31/03/2026")
    (first_path, agent), (second_path, _) = council_site.asked
    assert first_path == "/mgWebService.asmx/GetCommittees"
    assert second_path == (
        "/mgWebService.asmx/GetMeetings?lCommitteeId=144"
        "&sFromDate=01%2F01%2F2026&sToDate=31%2F03%2F2026"
    )
    assert agent.startswith("CYPP")


def test_bot_protection_403_says_what_to_do(council_site):
    council_site.status, council_site.body = 403, b"<html>Access denied</html>"
    with pytest.raises(CommitteeSystemError) as refused:
        WebServiceTransport(council_site.address).call("GetCommittees")
    message = str(refused.value)
    assert f"refused GetCommittees at {council_site.address}mgWebService.asmx" in message
    assert "403 Forbidden: its bot protection turned this server away" in message
    assert "Ask the council to allow this server's address" in message
    assert "import them by file" in message


def test_another_http_error_gives_its_status(council_site):
    council_site.status = 503
    with pytest.raises(CommitteeSystemError, match=r"GetMeeting \(lMeetingId=4967\) .*\(503 "):
        WebServiceTransport(council_site.address).call("GetMeeting", lMeetingId=4967)


def test_a_slow_site_times_out_with_the_wait_named(council_site):
    council_site.delay = 2.0
    council_site.body = (RECORDED / "GetCommittees.xml").read_bytes()
    with pytest.raises(CommitteeSystemError) as refused:
        WebServiceTransport(council_site.address, timeout=0.5).call("GetCommittees")
    assert str(refused.value).startswith(
        f"The committee system did not answer GetCommittees at {council_site.address}"
        "mgWebService.asmx within 0.5 seconds."
    )


def test_no_server_there_is_a_message_not_a_traceback():
    with socket.socket() as s:  # a port nothing listens on once this closes
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(
        CommitteeSystemError, match="Could not reach the committee system for GetCommittees"
    ):
        WebServiceTransport(f"http://127.0.0.1:{port}/").call("GetCommittees")


def test_a_web_page_instead_of_xml_is_named_as_such(council_site):
    council_site.body = (
        b"<!DOCTYPE html><html><body>Please wait while we check your browser</body></html>"
    )
    with pytest.raises(CommitteeSystemError, match="is a web page, not the web service's XML"):
        committees_fetch(WebServiceTransport(council_site.address))


def test_only_web_addresses():
    with pytest.raises(CommitteeSystemError, match="must start https:// or http://"):
        WebServiceTransport("file:///etc/")


def test_a_redirect_away_from_the_web_is_not_followed(council_site):
    council_site.status, council_site.location = 302, "ftp://files.example.gov.uk/x"
    with pytest.raises(
        CommitteeSystemError, match=r"GetCommittees .*\(302 redirected to ftp://files"
    ):
        WebServiceTransport(council_site.address).call("GetCommittees")


def test_a_redirect_on_the_web_is_followed(council_site):
    council_site.answers = {
        "GetCommittees": (301, b""),
        "moved": (200, (RECORDED / "GetCommittees.xml").read_bytes()),
    }
    council_site.location = council_site.address + "moved"
    assert len(committees_fetch(WebServiceTransport(council_site.address))) == 3
