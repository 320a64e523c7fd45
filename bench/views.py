import json

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from booking.models import Booking


@csrf_exempt
def floor_book(request: HttpRequest) -> HttpResponse:
    """The conditional UPDATE and the INSERT, nothing else: no validation, rules, mail."""
    data = json.loads(request.body)
    size = int(data["party_size"])
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tours_slot SET booked = booked + %s"
                " WHERE id = %s AND booked + %s <= capacity",
                [size, data["slot"], size],
            )
            if cursor.rowcount != 1:
                return JsonResponse({"code": "slot_full"}, status=409)
        booking = Booking.objects.create(
            slot_id=data["slot"], name=data["name"], email=data["email"], party_size=size
        )
    return JsonResponse({"reference": booking.reference}, status=201)
