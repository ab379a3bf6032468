"""A list's filter with a value it cannot use: the list still answers, and the field says why
in an element its aria-describedby names."""

import re

import pytest
from django.urls import reverse

BAD_FILTERS = [
    ("events:programme", "?region=999999&kind=bogus", ["region", "kind"]),
    ("network:municipalities", "?size=huge", ["size"]),
    ("accounts:people", "?role=emperor", ["role"]),
    ("billing:invoices", "?year=soon&status=lost", ["year", "status"]),
]


@pytest.mark.parametrize(("name", "query", "fields"), BAD_FILTERS)
def test_a_filter_it_cannot_use_is_named_with_its_message(client, world, name, query, fields):
    client.force_login(world.coordinator)
    page = client.get(reverse(name) + query)
    assert page.status_code == 200
    html = page.content.decode()
    for field in fields:
        error = re.search(
            rf'<div class="invalid-feedback d-block" id="id_{field}_error">(.*?)</div>', html
        )
        assert error, field
        assert "Valitse oikea vaihtoehto" in error[1] or "Syötä kokonaisluku" in error[1], error[1]
    described = {i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()}
    assert described >= {f"id_{field}_error" for field in fields}
    assert all(f'id="{i}"' in html for i in described), described
