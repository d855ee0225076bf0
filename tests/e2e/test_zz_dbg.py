import pytest
from tests.e2e import flows
pytestmark = pytest.mark.e2e

def test_dbg(page, shots):
    logs = []
    page.on("request", lambda r: logs.append(("req", r.method, r.url, r.post_data)))
    page.on("response", lambda r: logs.append(("resp", r.status, r.url)))
    flows.start(page, shots)
    flows.search_sector(page, "47", True)
    flows.fill_step(page, "sector", {"sbi": "47", "working_persons": "60"})
    flows.next_step(page)
    page.wait_for_timeout(2000)
    shots(page, "after")
    print(page.url)
    print(page.locator("main").inner_text()[:1500])
    for l in logs: print(l)
