"""InputSerializer copies its fields instead of rebuilding them, and validates exactly as a
DRF Serializer with the same fields does."""

import pytest
from rest_framework import serializers

from booking.api.serializers import BookingInput
from core.api.serializers import InputSerializer


class _AsDRFWouldBuildIt(serializers.Serializer):
    """BookingInput's fields on DRF's own base: the reference."""


for _name, _field in BookingInput._declared_fields.items():
    _AsDRFWouldBuildIt._declared_fields[_name] = _field

VALID = {"slot": 7, "name": "Anne", "email": "anne@example.com", "party_size": 2}
INPUTS = [
    VALID,
    {**VALID, "language": "de", "phone": "+45 11 22 33 44", "waitlist": True},
    {**VALID, "slot": "7", "party_size": True, "waitlist": "yes"},
    {**VALID, "name": "x" * 121, "email": "not-an-address", "language": "fr"},
    {**VALID, "note": "\ud800", "organisation": 5},
    {"name": ""},
    {},
]


@pytest.mark.parametrize("data", INPUTS)
def test_it_validates_as_drfs_serializer_does(data):
    ours, reference = BookingInput(data=data), _AsDRFWouldBuildIt(data=data)
    assert ours.is_valid() == reference.is_valid()
    assert ours.errors == reference.errors
    assert dict(ours.validated_data) == dict(reference.validated_data)


def test_each_instance_has_fields_of_its_own():
    first, second = BookingInput(data=VALID), BookingInput(data={})
    assert first.fields["name"] is not second.fields["name"]
    assert first.fields["name"].parent is first and second.fields["name"].parent is second
    template = BookingInput._declared_fields["name"]
    assert (template.parent, template.field_name) == (None, None)  # the class's stays unbound
    # Validating one changes nothing the other reads.
    assert first.is_valid() and not second.is_valid()
    assert set(second.errors) == {"slot", "name", "email", "party_size"}
    assert BookingInput(data=VALID).is_valid()


def test_nested_input_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match="plain fields only"):

        class _Nested(InputSerializer):
            inner = BookingInput()

    with pytest.raises(TypeError, match="plain fields only"):

        class _Listed(InputSerializer):
            names = serializers.ListField(child=serializers.CharField())

    class _Plain(InputSerializer):  # the control: plain fields are accepted
        name = serializers.CharField()

    assert _Plain(data={"name": "x"}).is_valid()
