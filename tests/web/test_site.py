import pytest


@pytest.mark.django_db
def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Who&#x27;s watching you?" in response.content or b"Who's watching you?" in response.content


@pytest.mark.django_db
def test_staff_pages_need_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
