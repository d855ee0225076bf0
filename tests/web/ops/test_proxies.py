"""Failed logins and the audit log count per client address, also behind the load balancer."""

from django.test import RequestFactory

from hulplijn.web.ops.proxies import client_address, client_ip


def request(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_connection_counts(settings):
    settings.HULPLIJN_NUM_PROXIES = 0
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.5"


def test_behind_one_load_balancer(settings):
    settings.HULPLIJN_NUM_PROXIES = 1
    assert client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"
    # a client that sends its own X-Forwarded-For cannot choose its address
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    # not through the load balancer at all
    assert client_ip(request()) == "10.0.0.5"


def test_behind_two_proxies(settings):
    settings.HULPLIJN_NUM_PROXIES = 2
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"
    assert client_ip(request(forwarded="203.0.113.9")) == "10.0.0.5"


def test_rate_limits_count_a_request_without_an_address_as_unknown(settings):
    settings.HULPLIJN_NUM_PROXIES = 0
    assert client_address(request()) == "10.0.0.5"
    assert client_address(request(remote="")) == "unknown"
