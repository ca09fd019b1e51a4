"""A database server that goes away during a request still gets the reader a kind page."""

from sqlalchemy.exc import OperationalError

from portal.models import db


def test_a_lost_connection_at_the_end_of_a_request_keeps_the_answer(make_app, monkeypatch):
    app = make_app()
    client = app.test_client()
    real_remove = db.session.remove

    def lost_connection():
        real_remove()
        raise OperationalError("ROLLBACK", {}, Exception("terminating connection"))

    # The server was restarted: the rollback that ends the request fails.
    monkeypatch.setattr(db.session, "remove", lost_connection)
    answer = client.get("/readyz")
    monkeypatch.undo()
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}
