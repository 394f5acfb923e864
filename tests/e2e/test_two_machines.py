"""Two machines: two gunicorn instances (two workers each) on different ports over one database and one
Redis. A price edited through one machine's admin is on the other machine's next response.

In CI's PostgreSQL pass (scripts/with-postgres) this is the production shape: PostgreSQL + Redis.
"""

from .servers import Gunicorn

PAIR = "/compare/gpt-4o-vs-gpt-4o-mini/"


def test_price_edited_through_one_machine_is_read_from_the_other(shared_db, redis_server):
    one = Gunicorn(shared_db, redis_server.url, workers=2)
    two = Gunicorn(shared_db, redis_server.url, workers=2)
    try:
        offering = int(
            shared_db.python(
                "from catalog.models import Offering; "
                "print(Offering.objects.filter(model__slug='gpt-4o-mini', input_price__isnull=False)"
                ".order_by('pk')[0].pk)"
            )
        )
        for _ in range(4):  # both workers of both machines have served (and cached) the page
            assert one.get(PAIR).status == 200 and two.get(PAIR).status == 200
        assert "$0.0777" not in two.get(PAIR).text

        one.login("editor", "correct horse battery staple")
        reply = one.admin_change(
            f"/admin/catalog/offering/{offering}/change/", {"input_price": "0.0777", "output_price": "0.0888"}
        )
        assert reply.status == 302

        for _ in range(4):  # whichever worker answers
            page = two.get(PAIR)
            assert page.status == 200 and "$0.0777" in page.text and "$0.0888" in page.text
    finally:
        one.close()
        two.close()
