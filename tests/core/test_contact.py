"""core.contact.VisitorData.from_mapping: the one way a form's or serializer's data becomes
a VisitorData, with the event registration's and the API's differences asked for by name."""

import pytest

from core.contact import VisitorData

DATA = {
    "name": "Jørgen Müller",
    "email": "jm@example.com",
    "phone": "+45 12 34 56 78",
    "organisation": "Skolen",
    "language": "de",
    "note": "Vi kommer på cykel.",
}


def test_from_mapping_reads_every_contact_field():
    assert VisitorData.from_mapping(DATA) == VisitorData(**DATA)


def test_without_phone_and_note_they_stay_empty_even_when_given():
    visitor = VisitorData.from_mapping(DATA, with_phone_and_note=False)

    assert (visitor.phone, visitor.note) == ("", "")
    assert (visitor.name, visitor.organisation, visitor.language) == (
        "Jørgen Müller",
        "Skolen",
        "de",
    )


@pytest.mark.parametrize("given", [{}, {"language": ""}, {"language": None}])
def test_a_missing_language_becomes_the_default_only_when_one_is_given(given):
    data = {key: value for key, value in DATA.items() if key != "language"} | given

    assert VisitorData.from_mapping(data, default_language="en").language == "en"
    assert VisitorData.from_mapping(DATA, default_language="en").language == "de"
    if not given:
        with pytest.raises(KeyError):
            VisitorData.from_mapping(data)


def test_a_missing_required_key_is_the_callers_bug():
    with pytest.raises(KeyError):
        VisitorData.from_mapping({key: value for key, value in DATA.items() if key != "phone"})
