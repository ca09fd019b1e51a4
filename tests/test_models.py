"""The tables' base class: type checkers are told `Base`, but at run time every model
still subclasses Flask-SQLAlchemy's `db.Model`, with its mixins and metadata."""

import datetime as dt

from flask_sqlalchemy.model import BindMixin, NameMixin
from sqlalchemy import select

from portal import models
from portal.models import Base, FamilyLink, db


def _mapped_classes() -> list[type]:
    return [mapper.class_ for mapper in Base.registry.mappers]


def test_models_subclass_flask_sqlalchemys_model_at_run_time():
    assert models.Model is db.Model
    classes = _mapped_classes()
    assert len(classes) >= 15  # every table of portal.models and portal.models.outgoing
    for model in classes:
        assert issubclass(model, db.Model), model
        assert issubclass(model, BindMixin) and issubclass(model, NameMixin), model
        assert model.__fsa__ is db, model
        assert model.metadata is Base.metadata is db.metadata, model


def test_every_model_has_its_table_in_the_shared_metadata():
    tables = {model.__table__.name for model in _mapped_classes()}
    assert tables <= set(db.metadata.tables)
    assert {"plans", "family_links", "reminder_choices", "webhook_deliveries"} <= tables


def test_a_links_usable_rule_is_the_same_in_python_and_in_sql():
    now = dt.datetime(2027, 1, 12, 9, 30)
    live = FamilyLink(expires_at=now + dt.timedelta(days=1), revoked_at=None)
    expired = FamilyLink(expires_at=now - dt.timedelta(days=1), revoked_at=None)
    assert live.usable(now) and not expired.usable(now)
    sql = str(select(FamilyLink.id).where(FamilyLink.usable(now)))
    assert "family_links.revoked_at IS NULL AND family_links.expires_at >" in sql
