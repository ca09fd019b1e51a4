"""The migrations build exactly the tables the models describe, on both databases."""


def test_models_and_migrations_agree(store_app):
    result = store_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
