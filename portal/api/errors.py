"""Every API failure is a small JSON object: never an HTML page, never a traceback.

The API speaks to other systems, so its messages are plain English for the developers
who read them; they are not interface strings and are not translated.
"""

import json
from collections.abc import Mapping, Sequence

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from portal.planning.format.messages import FieldError

HTTP_MESSAGES = {
    400: "The request could not be understood.",
    401: "Send a valid API key as `Authorization: Bearer <key>`.",
    403: "This API key is not allowed to do that.",
    404: "There is nothing at this address.",
    405: "This address does not accept that method.",
    406: "This API only answers in JSON.",
    409: "The request conflicts with what is stored.",
    412: "The plan has changed since the version named in If-Match.",
    428: "Send If-Match with the plan's version (its ETag), or `*` to change it as it is.",
    413: "The request body is too large.",
    415: "Send the body as JSON with `Content-Type: application/json`.",
    422: "The plan record is not valid.",
    429: "Too many requests: try again later.",
    500: "Sorry, something went wrong on our side. Nothing was changed.",
}


class ApiError(Exception):
    """Raised by the API views: a status, a message and optional per-field errors."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        errors: Sequence[FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message or HTTP_MESSAGES.get(status, HTTP_MESSAGES[400])
        self.errors = errors
        self.headers = dict(headers or {})


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """JSON with the keys in the order we built them (jsonify would sort them, and the
    record and timeline formats have a documented order)."""
    text = json.dumps(body, ensure_ascii=False, indent=1)
    response = current_app.response_class(text + "\n", status=status, mimetype="application/json")
    response.headers.update(headers or {})
    return response


def error_response(
    status: int,
    message: str | None = None,
    errors: Sequence[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, object] = {"error": message or HTTP_MESSAGES.get(status, HTTP_MESSAGES[400])}
    if errors is not None:
        body["errors"] = [{"pointer": e.pointer, "message": e.message} for e in errors]
    return json_response(body, status, headers)


def _http_error(error: HTTPException) -> Response:
    headers: dict[str, str] = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if error.code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(error.code or 500, headers=headers)


def init_errors(bp: Blueprint) -> None:
    prefix = bp.url_prefix
    if prefix is None:
        raise ValueError("the API's JSON errors are for the addresses under its prefix")

    @bp.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        return error_response(error.status, error.message, error.errors, error.headers)

    bp.register_error_handler(HTTPException, _http_error)

    @bp.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        # The log names the address only: a plan's content never reaches a log line.
        current_app.logger.exception(
            "Unexpected API error on %s %s", request.method, request.url_rule or "(no route)"
        )
        return error_response(500)

    @bp.before_app_request
    def unknown_api_address() -> Response | None:
        """404 and 405 happen before any blueprint is chosen, so the app's HTML error
        pages would answer them; under the API's prefix, answer in JSON instead."""
        problem = request.routing_exception
        if isinstance(problem, (NotFound, MethodNotAllowed)) and (request.path + "/").startswith(
            prefix + "/"
        ):
            return _http_error(problem)
        return None
