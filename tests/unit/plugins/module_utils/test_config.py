"""Where the endpoint and credentials come from, and what the errors say."""

import pytest

from ansible_collections.signet.ovh.plugins.module_utils.config import (
    ENDPOINTS, OvhConfigError, endpoint_base_url, endpoint_sections, resolve_settings)

NONE = dict(endpoint=None, application_key=None, application_secret=None, consumer_key=None, client_id=None, client_secret=None,
            config_file=None)


def options(**kwargs):
    result = dict(NONE)
    result.update(kwargs)
    return result


def write(path, text):
    path.write_text(text)
    return str(path)


@pytest.fixture
def files(tmp_path):
    """Three stand-ins for /etc/ovh.conf, ~/.ovh.conf and ./ovh.conf, initially absent."""
    return [tmp_path / "etc.conf", tmp_path / "home.conf", tmp_path / "cwd.conf"]


def resolve(files, opts=None, environ=None, **kwargs):
    return resolve_settings(opts or options(), environ=environ or {}, default_files=[str(f) for f in files], **kwargs)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_endpoint_names(name):
    assert endpoint_base_url(name) == ENDPOINTS[name]


def test_endpoint_table_matches_notes():
    assert ENDPOINTS["ovh-eu"] == "https://eu.api.ovh.com/1.0"
    assert ENDPOINTS["ovh-ca"] == "https://ca.api.ovh.com/1.0"
    assert ENDPOINTS["ovh-us"] == "https://api.us.ovhcloud.com/1.0"
    assert ENDPOINTS["soyoustart-ca"] == "https://ca.api.soyoustart.com/1.0"
    assert len(ENDPOINTS) == 7


@pytest.mark.parametrize("url, expected", [
    ("http://127.0.0.1:8080/1.0", "http://127.0.0.1:8080/1.0"),
    ("http://127.0.0.1:8080/1.0/", "http://127.0.0.1:8080/1.0"),
    ("https://proxy.example/ovh/1.0", "https://proxy.example/ovh/1.0"),
])
def test_endpoint_urls(url, expected):
    assert endpoint_base_url(url) == expected


@pytest.mark.parametrize("bad", ["ovh-fr", "eu.api.ovh.com", "ftp://h/1.0", "http:///1.0", "http://h/2.0", "http://h/1.0?x=1", ""])
def test_bad_endpoints(bad):
    with pytest.raises(OvhConfigError) as err:
        endpoint_base_url(bad)
    assert "ovh-eu" in str(err.value)


def test_options_win_over_environment_and_files(files):
    write(files[2], "[default]\nendpoint=ovh-ca\n[ovh-eu]\napplication_key=fileAK\napplication_secret=fileAS\nconsumer_key=fileCK\n")
    env = {"OVH_ENDPOINT": "ovh-eu", "OVH_APPLICATION_KEY": "envAK"}
    settings = resolve(files, options(application_key="optAK"), env)
    assert settings.base_url == ENDPOINTS["ovh-eu"]
    assert settings.application_key == "optAK"
    assert settings.application_secret == "fileAS"
    assert settings.consumer_key == "fileCK"
    assert settings.sources["application_key"] == "option application_key"
    assert settings.sources["endpoint"] == "environment OVH_ENDPOINT"
    assert settings.sources["consumer_key"].endswith("[ovh-eu] consumer_key")


def test_environment_wins_over_files(files):
    write(files[0], "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=fileAK\napplication_secret=fileAS\nconsumer_key=fileCK\n")
    settings = resolve(files, environ={"OVH_CONSUMER_KEY": "envCK"})
    assert settings.consumer_key == "envCK"
    assert settings.application_key == "fileAK"


def test_later_files_win_and_explicit_file_wins_last(files, tmp_path):
    write(files[0], "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=etcAK\napplication_secret=etcAS\nconsumer_key=etcCK\n")
    write(files[1], "[ovh-eu]\napplication_secret=homeAS\nconsumer_key=homeCK\n")
    write(files[2], "[ovh-eu]\nconsumer_key=cwdCK\n")
    settings = resolve(files)
    assert (settings.application_key, settings.application_secret, settings.consumer_key) == ("etcAK", "homeAS", "cwdCK")
    explicit = write(tmp_path / "explicit.conf", "[ovh-eu]\nconsumer_key=explicitCK\n")
    settings = resolve(files, options(config_file=explicit))
    assert settings.consumer_key == "explicitCK"
    assert settings.application_secret == "homeAS"


def test_url_endpoint_uses_section_named_by_url(files):
    url = "http://127.0.0.1:8080/1.0"
    write(files[2], "[default]\nendpoint=%s\n[%s]\napplication_key=AK\napplication_secret=AS\nconsumer_key=CK\n" % (url, url))
    settings = resolve(files)
    assert settings.base_url == url
    assert settings.consumer_key == "CK"


@pytest.mark.parametrize("endpoint, section", [
    ("http://127.0.0.1:8080/1.0/", "http://127.0.0.1:8080/1.0"),
    ("http://127.0.0.1:8080/1.0", "http://127.0.0.1:8080/1.0/"),
    ("  http://127.0.0.1:8080/1.0/ ", "http://127.0.0.1:8080/1.0"),
    ("http://127.0.0.1:8080/1.0//", "http://127.0.0.1:8080/1.0"),
])
def test_url_endpoint_finds_its_section_with_or_without_trailing_slash(files, endpoint, section):
    write(files[2], "[default]\nendpoint=%s\n[%s]\napplication_key=AK\napplication_secret=AS\nconsumer_key=CK\n" % (endpoint, section))
    for settings in (resolve(files), resolve(files, options(endpoint=endpoint)), resolve(files, environ={"OVH_ENDPOINT": endpoint})):
        assert settings.base_url == "http://127.0.0.1:8080/1.0"
        assert (settings.application_key, settings.application_secret, settings.consumer_key) == ("AK", "AS", "CK")
        assert settings.sources["consumer_key"] == "%s [%s] consumer_key" % (files[2], section)


def test_section_named_as_written_wins_within_a_file(files):
    url = "http://127.0.0.1:8080/1.0/"
    write(files[2], "[default]\nendpoint=%s\n[http://127.0.0.1:8080/1.0]\napplication_key=normAK\napplication_secret=normAS\n"
                    "consumer_key=normCK\n[%s]\nconsumer_key=exactCK\n" % (url, url))
    settings = resolve(files)
    assert settings.consumer_key == "exactCK"
    assert settings.application_key == "normAK"


def test_later_file_wins_whatever_the_section_spelling(files):
    write(files[1], "[default]\nendpoint=http://h/1.0/\n[http://h/1.0/]\napplication_key=homeAK\napplication_secret=homeAS\n"
                    "consumer_key=homeCK\n")
    write(files[2], "[http://h/1.0]\nconsumer_key=cwdCK\n")
    settings = resolve(files)
    assert (settings.application_key, settings.consumer_key) == ("homeAK", "cwdCK")


def test_endpoint_sections():
    assert endpoint_sections("ovh-eu") == ["ovh-eu"]
    assert endpoint_sections("http://h/1.0") == ["http://h/1.0", "http://h/1.0/"]
    assert endpoint_sections("http://h/1.0/") == ["http://h/1.0/", "http://h/1.0"]
    assert endpoint_sections("http://h/1.0//") == ["http://h/1.0//", "http://h/1.0", "http://h/1.0/"]


def test_missing_credentials_of_url_endpoint_name_both_section_spellings(files):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="http://h/1.0/", application_key="AK"))
    assert "section [http://h/1.0/] or [http://h/1.0] of" in str(err.value)


def test_missing_endpoint_lists_places(files):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(application_key="a", application_secret="b", consumer_key="c"))
    message = str(err.value)
    assert "OVH_ENDPOINT" in message and "endpoint option" in message
    for path in files:
        assert str(path) in message


def test_missing_credentials_lists_places_and_no_secret(files):
    write(files[1], "[ovh-eu]\napplication_secret=SuperSecretValue\n")
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu"))
    message = str(err.value)
    assert "missing application_key, consumer_key" in message
    assert "OVH_APPLICATION_KEY" in message and "OVH_CONSUMER_KEY" in message
    assert "[ovh-eu]" in message and str(files[1]) in message and "(not found)" in message
    assert "SuperSecretValue" not in message


def test_half_given_key_pair_is_an_error_even_when_not_required(files):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu", application_key="AK"), required=())
    assert "missing application_secret" in str(err.value)
    settings = resolve(files, options(endpoint="ovh-eu"), required=())
    assert settings.application_key is None


def test_consumer_key_not_required_for_unsigned_use(files):
    settings = resolve(files, options(endpoint="ovh-eu", application_key="AK", application_secret="AS"),
                       required=("application_key", "application_secret"))
    assert settings.consumer_key is None


def test_explicit_config_file_must_exist(files, tmp_path):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu", config_file=str(tmp_path / "nope.conf")))
    assert "nope.conf does not exist" in str(err.value)


def test_explicit_config_file_unreadable(files, tmp_path, monkeypatch):
    path = write(tmp_path / "locked.conf", "[default]\n")
    real_open = open

    def refuse(name, *args, **kwargs):
        if name == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    # chmod 000 does not stop root, so refuse the read the way the OS would.
    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu", config_file=path))
    assert "cannot be read: Permission denied" in str(err.value)


def test_malformed_file(files):
    write(files[2], "this is not ini\n")
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu"))
    assert "not a valid ovh.conf" in str(err.value) and str(files[2]) in str(err.value)


@pytest.mark.parametrize("text, reason", [
    ("SecretBeforeHeader\n[default]\n", "line 1 comes before any [section] header"),
    ("[ovh-eu]\napplication_key=AK\nSecretWithoutEquals\n", "line 3 not of the form key = value"),
    ("[ovh-eu]\nconsumer_key=SecretOne\nconsumer_key=SecretTwo\n", "line 3: key 'consumer_key' is given twice in section [ovh-eu]"),
    ("[ovh-eu]\n[default]\n[ovh-eu]\n", "line 3: section [ovh-eu] is given twice"),
])
def test_invalid_ini_names_file_and_line_but_no_content(files, tmp_path, text, reason):
    for explicit in (False, True):
        path = tmp_path / ("explicit.conf" if explicit else "cwd.conf")
        write(path, text)
        with pytest.raises(OvhConfigError) as err:
            if explicit:
                resolve(files[:2], options(endpoint="ovh-eu", config_file=str(path)))
            else:
                resolve(files, options(endpoint="ovh-eu"))
        message = str(err.value)
        prefix = "config_file %s" % path if explicit else str(path)
        assert message == "%s is not a valid ovh.conf INI file: %s" % (prefix, reason)
        assert "Secret" not in message
        path.unlink()


def test_file_not_utf8_is_a_clear_error(files, tmp_path):
    path = tmp_path / "latin1.conf"
    path.write_bytes(b"[ovh-eu]\napplication_key=caf\xe9\n")
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu", config_file=str(path)))
    assert str(err.value) == "config_file %s is not a valid ovh.conf INI file: it is not UTF-8 text (byte 0xe9 at offset 28)" % path


def test_file_with_byte_order_mark(files):
    files[2].write_bytes(b"\xef\xbb\xbf[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=AK\napplication_secret=AS\nconsumer_key=CK\n")
    settings = resolve(files)
    assert settings.endpoint == "ovh-eu" and settings.consumer_key == "CK"


# --- OAuth2 service accounts ------------------------------------------------------------

def test_service_account_from_environment(files):
    settings = resolve(files, options(endpoint="ovh-eu"), {"OVH_CLIENT_ID": "id", "OVH_CLIENT_SECRET": "cs"})
    assert settings.oauth2 and settings.client_id == "id" and settings.client_secret == "cs"
    assert settings.token_url == "https://www.ovh.com/auth/oauth2/token"
    assert "cs" in settings.secrets()


@pytest.mark.parametrize("endpoint, url", [
    ("ovh-ca", "https://ca.ovh.com/auth/oauth2/token"),
    ("ovh-us", "https://us.ovhcloud.com/auth/oauth2/token"),
    ("http://127.0.0.1:8080/1.0", "http://127.0.0.1:8080/auth/oauth2/token"),
    ("http://127.0.0.1:8080/1.0/", "http://127.0.0.1:8080/auth/oauth2/token"),
    ("http://127.0.0.1:8080/prefix/1.0", "http://127.0.0.1:8080/prefix/auth/oauth2/token"),
    ("https://proxy.example/a/b/1.0/", "https://proxy.example/a/b/auth/oauth2/token"),
])
def test_token_urls(files, endpoint, url):
    assert resolve(files, options(endpoint=endpoint, client_id="id", client_secret="cs")).token_url == url


def test_token_url_of_url_endpoint_matches_emulator_token_path(files):
    """The emulator serves its API at <root>/1.0 and its token endpoint at <root> + TOKEN_PATH."""
    from emulator.oauth2 import TOKEN_PATH
    settings = resolve(files, options(endpoint="http://127.0.0.1:8080/1.0", client_id="id", client_secret="cs"))
    assert settings.token_url == "http://127.0.0.1:8080" + TOKEN_PATH


def test_service_account_from_section_named_by_url_with_trailing_slash(files):
    write(files[2], "[default]\nendpoint=http://127.0.0.1:8080/prefix/1.0/\n[http://127.0.0.1:8080/prefix/1.0]\nclient_id=fileid\n"
                    "client_secret=filesecret\n")
    settings = resolve(files)
    assert settings.oauth2 and settings.client_secret == "filesecret"
    assert settings.base_url == "http://127.0.0.1:8080/prefix/1.0"
    assert settings.token_url == "http://127.0.0.1:8080/prefix/auth/oauth2/token"


def test_service_account_from_ovh_conf(files):
    write(files[1], "[default]\nendpoint=ovh-ca\n[ovh-ca]\nclient_id=fileid\nclient_secret=filesecret\n")
    settings = resolve(files)
    assert settings.oauth2 and settings.client_id == "fileid" and settings.consumer_key is None


def test_no_service_accounts_on_kimsufi(files):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="kimsufi-eu", client_id="id", client_secret="cs"))
    assert "kimsufi-eu has no OAuth2 service accounts" in str(err.value)


def test_both_modes_is_an_error_naming_sources_not_values(files):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu", application_key="AK", application_secret="AS", consumer_key="CK"),
                {"OVH_CLIENT_ID": "id", "OVH_CLIENT_SECRET": "TopSecretClient"})
    message = str(err.value)
    assert "both authentication modes" in message and "environment OVH_CLIENT_ID" in message and "option application_key" in message
    assert "TopSecretClient" not in message


@pytest.mark.parametrize("given, missing", [({"client_id": "id"}, "client_secret"), ({"client_secret": "cs"}, "client_id")])
def test_half_a_service_account(files, given, missing):
    with pytest.raises(OvhConfigError) as err:
        resolve(files, options(endpoint="ovh-eu", **given))
    assert "missing %s." % missing in str(err.value)
