"""The page at ``validationUrl`` where a customer logs in and approves or refuses a consumer key.

``GET /auth/?credentialToken=T`` shows the request (application, access rules, allowed IPs) and a
form: account and password, a validity (1 hour, 1 day, 30 days, unlimited) and two buttons.
``POST /auth/`` (form-encoded) approves or refuses; an approval binds the key to the account and,
when the request had a ``redirection``, answers 303 to it. All functions run with ``State.lock`` held.
"""

import hmac
from html import escape
from urllib.parse import parse_qs

# Choices of the validity list: (seconds or None for unlimited, label).
VALIDITIES = ((3600, "1 hour"), (86400, "1 day"), (30 * 86400, "30 days"), (None, "Unlimited"))

_STYLE = ("body{font-family:sans-serif;max-width:40em;margin:2em auto}"
          "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em}"
          ".error{color:#b00}label{display:block;margin:.5em 0}")


def _page(title, body):
    html = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head>\n<body>\n<h1>{escape(title)}</h1>\n{body}\n</body></html>\n")
    return html.encode("utf-8")


def _message_page(status, title, text):
    return status, _page(title, f"<p id=\"message\">{escape(text)}</p>"), {}


def _credential_for(state, token):
    for credential in state.credentials.values():
        if token and hmac.compare_digest(credential.token, token):
            return credential
    return None


def _form(state, credential, error=None, login=""):
    app = state.applications.get(credential.application_id)
    rules = "".join(f"<tr><td>{escape(rule['method'])}</td><td><code>{escape(rule['path'])}</code></td></tr>"
                    for rule in credential.rules)
    ips = ", ".join(credential.allowed_ips) if credential.allowed_ips else "any"
    options = "".join(f"<option value=\"{'' if seconds is None else seconds}\"{' selected' if seconds is None else ''}>"
                      f"{label}</option>" for seconds, label in VALIDITIES)
    error_html = f"<p class=\"error\" id=\"error\">{escape(error)}</p>" if error else ""
    body = f"""<p>The application <strong id="application">{escape(app.name if app else '?')}</strong>
({escape(app.description if app else '')}) asks for access to your OVHcloud account.</p>
<table id="rules"><tr><th>Method</th><th>Path</th></tr>{rules}</table>
<p>Allowed IP ranges: <span id="allowed-ips">{escape(ips)}</span></p>
{error_html}
<form method="post" action="/auth/" id="validation">
<input type="hidden" name="credentialToken" value="{escape(credential.token)}">
<label>Account ID <input type="text" name="login" id="login" value="{escape(login)}" autocomplete="username"></label>
<label>Password <input type="password" name="password" id="password" autocomplete="current-password"></label>
<label>Validity <select name="validity" id="validity">{options}</select></label>
<button type="submit" name="action" value="approve" id="approve">Authorize access</button>
<button type="submit" name="action" value="refuse" id="refuse">Refuse</button>
</form>"""
    return _page("Authorize an application", body)


def _not_pending(credential):
    if credential is None:
        return _message_page(404, "Unknown request", "This validation link is invalid.")
    return _message_page(410, "Request already answered",
                         f"This request is no longer pending: the consumer key is {credential.status}.")


def validation_page(state, query):
    """GET: (status, html bytes, extra headers)."""
    token = (parse_qs(query).get("credentialToken") or [""])[-1]
    credential = _credential_for(state, token)
    if credential is None or credential.status != "pendingValidation":
        return _not_pending(credential)
    return 200, _form(state, credential), {}


def _parse_validity(text):
    if text in ("", None):
        return None
    value = int(text)
    if value not in [seconds for seconds, _label in VALIDITIES if seconds is not None]:
        raise ValueError(text)
    return value


def submit(state, body):
    """POST: approve or refuse. (status, html bytes, extra headers)."""
    form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)

    def field(name):
        return (form.get(name) or [""])[-1]

    credential = _credential_for(state, field("credentialToken"))
    if credential is None or credential.status != "pendingValidation":
        return _not_pending(credential)
    login, action = field("login").strip(), field("action")
    account = state.accounts.get(login)
    if account is None or not hmac.compare_digest(str(account.get("password", "")).encode(), field("password").encode()):
        return 401, _form(state, credential, "Invalid account or password.", login), {}
    if action == "refuse":
        state.refuse(credential.consumer_key)
        return _message_page(200, "Access refused", "You refused the access. The application cannot use your account.")
    if action != "approve":
        return 400, _form(state, credential, "Choose Authorize access or Refuse.", login), {}
    try:
        validity = _parse_validity(field("validity"))
    except ValueError:
        return 400, _form(state, credential, "Choose a validity from the list.", login), {}
    state.validate(credential.consumer_key, login, validity)
    if credential.redirection:
        return 303, _page("Access granted", "<p id=\"message\">Redirecting to the application.</p>"), \
            {"Location": credential.redirection}
    return _message_page(200, "Access granted", "The application can now use your account.")
