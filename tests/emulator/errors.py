"""OVH-style API errors.

The API answers errors as JSON. By default both ``class`` (current form) and
``errorCode``/``httpCode`` (older form) are given; ``ERROR_FORMS`` lets a test pick one
form only, to check that a client copes with either.
"""

import http

# Error class per HTTP status, as the API names them ("Client::NotFound", ...).
_CLASSES = {
    400: "Client::BadRequest",
    401: "Client::Unauthorized",
    403: "Client::Forbidden",
    404: "Client::NotFound",
    405: "Client::MethodNotAllowed",
    409: "Client::Conflict",
    429: "Client::TooManyRequests",
    460: "Client::ServiceExpired",
    500: "Server::InternalServerError",
    503: "Server::ServiceUnavailable",
}

# Status 460 ("service expired") is OVH specific: http.HTTPStatus does not know it.
_EXTRA_PHRASES = {460: "Service Expired"}


def reason_phrase(status):
    """Reason phrase of an HTTP status, e.g. "Forbidden"."""
    if status in _EXTRA_PHRASES:
        return _EXTRA_PHRASES[status]
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def error_class(status):
    """OVH error class for a status, e.g. "Client::Forbidden"."""
    if status in _CLASSES:
        return _CLASSES[status]
    return "Server::InternalServerError" if status >= 500 else "Client::BadRequest"


ERROR_FORMS = ("both", "current", "older")


class ApiError(Exception):
    """An error answer of the emulated API."""

    def __init__(self, status, error_code, message, error_cls=None):
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.error_cls = error_cls or error_class(status)

    def body(self, form="both"):
        """The JSON body the API sends for this error, in one of ``ERROR_FORMS``."""
        body = {"message": self.message}
        if form in ("both", "current"):
            body["class"] = self.error_cls
        if form in ("both", "older"):
            body.update(errorCode=self.error_code, httpCode=f"{self.status} {reason_phrase(self.status)}")
        return body


def bad_request(message, error_code="INVALID_PARAMETER"):
    """400 for a parameter or body the API refuses (errorCode is an inference)."""
    return ApiError(400, error_code, message)


def object_not_found(value, name="id"):
    """404 for an unknown object id: the real API's wording."""
    return ApiError(404, "NOT_FOUND", f"The requested object ({name} = {value}) does not exist")


def service_not_found():
    """404 for an unknown service (a zone): the real API's wording."""
    return ApiError(404, "NOT_FOUND", "This service does not exist")
