"""core.cache.RedisCache: Django's Redis cache with one client per pool, on real Redis."""

import threading

import pytest
from django.core.cache import caches

from tests.conftest import REDIS_URL

pytestmark = pytest.mark.redis


@pytest.fixture
def cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "kb-t"}
    }
    cache = caches.create_connection("default")
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_call(cache):
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first


def test_every_operation_the_project_uses_works(cache):
    assert cache.add("n", 1, 30) and not cache.add("n", 2, 30)
    assert cache.incr("n") == 2
    cache.set_many({"a": "x", "b": ("y", 1)}, 30)
    assert cache.get_many(["a", "b", "missing"]) == {"a": "x", "b": ("y", 1)}
    cache.delete("a")
    assert cache.get("a", "gone") == "gone"


def test_threads_share_the_client_and_see_each_others_writes(cache):
    def write(i):
        cache.set(f"t{i}", i, 30)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get_many([f"t{i}" for i in range(8)]) == {f"t{i}": i for i in range(8)}
