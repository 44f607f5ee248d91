"""The municipality profile: edited by the functional admin, used in the letterhead."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from basisbaan.models import MunicipalityProfile

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Gemeente Testdam",
    "department": "Werk en Inkomen",
    "street_address": "Markt 1",
    "postal_code": "1234 AB",
    "city": "Testdam",
    "phone": "14 020",
    "website": "https://www.testdam.example",
    "signatory_name": "J. Jansen",
    "signatory_title": "wethouder",
    "second_signatory_name": "",
    "second_signatory_title": "",
}


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (20, 10), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_functional_admin_fills_in_the_profile_with_a_logo(functional_admin, client_as):
    client = client_as(functional_admin)
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("profile_update"), {**VALID, "version": 1, "logo_file": logo})
    assert response.status_code == 302
    profile = MunicipalityProfile.objects.get()
    assert profile.name == "Gemeente Testdam"
    assert profile.logo_content_type == "image/png"
    served = client.get(reverse("profile_logo"))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    # Re-encoded on upload (metadata dropped), same picture.
    stored = Image.open(BytesIO(served.content))
    assert (stored.format, stored.size) == ("PNG", (20, 10))
    assert "Gemeente Testdam" in client.get(reverse("profile_detail")).content.decode()


def test_a_file_that_is_no_image_is_refused(functional_admin, client_as):
    client = client_as(functional_admin)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(reverse("profile_update"), {**VALID, "version": 1, "logo_file": fake})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit bestand is geen PNG- of JPEG-afbeelding." in body
    assert 'value="Gemeente Testdam"' in body
    assert not MunicipalityProfile.objects.filter(name="Gemeente Testdam").exists()


def test_invalid_website_is_refused_beside_the_field(functional_admin, client_as):
    response = client_as(functional_admin).post(
        reverse("profile_update"), {**VALID, "website": "geen url", "version": 1}
    )
    assert 'id="id_website_error"' in response.content.decode()


def test_stale_profile_edit_is_refused(functional_admin, client_as):
    client = client_as(functional_admin)
    client.get(reverse("profile_update"))  # creates the profile at version 1
    assert client.post(reverse("profile_update"), {**VALID, "version": 1}).status_code == 302
    response = client.post(reverse("profile_update"), {**VALID, "city": "Elders", "version": 1})
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert MunicipalityProfile.objects.get().city == "Testdam"


def test_policy_admin_cannot_edit_the_profile(policy_admin, client_as):
    response = client_as(policy_admin).post(reverse("profile_update"), {**VALID, "version": 1})
    assert response.status_code == 403
    assert not MunicipalityProfile.objects.exists()
