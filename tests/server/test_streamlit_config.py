"""Streamlit's configuration (server/streamlit_config.py): config.toml files, STREAMLIT_*
variables and --section.option flags merged in Streamlit's order; every kind of bad input is one
warning naming its place and key; and a served app whose config.toml sets a theme, an upload
limit and magic gets them in its page, its server and its kernel."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from jupyter_reactive.server.streamlit_config import ConfigReader, env_name, page_style
from tests.conftest import serve_mode_config

pytestmark = pytest.mark.timeout(120)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    st = path.stat()  # a rewrite within the clock's granularity must still look changed
    os.utime(path, ns=(st.st_atime_ns, time.time_ns() + 1_000_000))


def _reader(tmp_path: Path, environ: dict[str, str] | None = None, flags: tuple[str, ...] = ()) -> ConfigReader:
    warnings: list[str] = []
    reader = ConfigReader(
        home=tmp_path / "home", cwd=tmp_path / "cwd", environ=environ or {}, flags=flags, warn=warnings.append
    )
    reader.warned = warnings  # type: ignore[attr-defined]
    return reader


# -- precedence ---------------------------------------------------------------------------------


def test_sources_merge_in_streamlits_order(tmp_path: Path) -> None:
    _write(
        tmp_path / "home/.streamlit/config.toml",
        '[theme]\nprimaryColor = "#111111"\nbackgroundColor = "#222222"\ntextColor = "#333333"\n'
        'linkColor = "#444444"\nfont = "serif"\n[server]\nmaxUploadSize = 1\n',
    )
    _write(
        tmp_path / "cwd/.streamlit/config.toml",
        '[theme]\nbackgroundColor = "#aaaaaa"\ntextColor = "#bbbbbb"\nlinkColor = "#cccccc"\n',
    )
    _write(tmp_path / "app/.streamlit/config.toml", '[theme]\ntextColor = "#dddddd"\nlinkColor = "#eeeeee"\n')
    reader = _reader(
        tmp_path,
        environ={"STREAMLIT_THEME_LINK_COLOR": "#0000ff", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "7"},
        flags=("server.maxUploadSize=9", "theme.sidebar.primaryColor=green"),
    )
    config = reader.read(tmp_path / "app")
    assert config.values == {
        "theme.primaryColor": "#111111",  # ~/.streamlit
        "theme.font": "serif",
        "theme.backgroundColor": "#aaaaaa",  # the working directory's over the user's
        "theme.textColor": "#dddddd",  # the app's folder over the working directory's
        "theme.linkColor": "#0000ff",  # a variable over every file
        "server.maxUploadSize": 9,  # a flag over a variable
        "theme.sidebar.primaryColor": "green",
    }
    assert config.origins["theme.textColor"].endswith("app/.streamlit/config.toml")
    assert config.origins["theme.linkColor"] == "environment"
    assert config.origins["server.maxUploadSize"] == "command line"
    assert config.get("client.showErrorDetails") == "full"  # unset: Streamlit's default
    assert reader.warned == []  # type: ignore[attr-defined]
    # the server's own configuration (no app): home, working directory, environment, flags
    assert reader.read().values["theme.textColor"] == "#bbbbbb"


def test_the_app_folder_counts_once_when_it_is_the_working_directory(tmp_path: Path) -> None:
    _write(tmp_path / "cwd/.streamlit/config.toml", '[server]\nrunOnSave = "yes"\n')
    reader = _reader(tmp_path)
    reader.read(tmp_path / "cwd")
    assert len(reader.files(tmp_path / "cwd")) == 2
    assert reader.warned == [".streamlit/config.toml: server.runOnSave must be true or false, not str; ignored"]  # type: ignore[attr-defined]


def test_show_error_details_takes_the_legacy_booleans(tmp_path: Path) -> None:
    _write(tmp_path / "cwd/.streamlit/config.toml", "[client]\nshowErrorDetails = false\n")
    reader = _reader(tmp_path)
    assert reader.read().values == {"client.showErrorDetails": False}
    assert reader.warned == []  # type: ignore[attr-defined]


def test_secrets_files_is_a_list_of_paths(tmp_path: Path) -> None:
    _write(tmp_path / "cwd/.streamlit/config.toml", '[secrets]\nfiles = ["a.toml", "/k8s"]\n')
    assert _reader(tmp_path).read().get("secrets.files") == ["a.toml", "/k8s"]
    one = _reader(tmp_path, environ={"STREAMLIT_SECRETS_FILES": "x.toml"}).read()
    assert one.get("secrets.files") == ["x.toml"]
    assert _reader(tmp_path / "none").read().get("secrets.files") is None  # the default places
    for garbage in ("files = 5", "files = [1, 2]", "files = true"):
        _write(tmp_path / "bad/cwd/.streamlit/config.toml", f"[secrets]\n{garbage}\n")
        reader = _reader(tmp_path / "bad")
        assert reader.read().get("secrets.files") is None
        assert any("secrets.files must be" in w for w in reader.warned), reader.warned  # type: ignore[attr-defined]


def test_env_names_are_streamlits() -> None:
    assert env_name("theme.primaryColor") == "STREAMLIT_THEME_PRIMARY_COLOR"
    assert env_name("theme.sidebar.textColor") == "STREAMLIT_THEME_SIDEBAR_TEXT_COLOR"
    assert env_name("runner.magicEnabled") == "STREAMLIT_RUNNER_MAGIC_ENABLED"
    assert env_name("magic.displayLastExprIfNoSemicolon") == "STREAMLIT_MAGIC_DISPLAY_LAST_EXPR_IF_NO_SEMICOLON"


def test_a_file_value_can_come_from_a_variable(tmp_path: Path) -> None:
    _write(tmp_path / "cwd/.streamlit/config.toml", '[theme]\nprimaryColor = "env:BRAND"\ntextColor = "env:NOPE"\n')
    reader = _reader(tmp_path, environ={"BRAND": "#123456"})
    assert reader.read().values == {"theme.primaryColor": "#123456"}
    assert reader.warned == [".streamlit/config.toml: theme.textColor: no environment variable NOPE; ignored"]  # type: ignore[attr-defined]


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "cwd/.streamlit/config.toml"
    _write(path, '[theme]\nprimaryColor = "#111111"\n')
    reader = _reader(tmp_path)
    assert reader.read().values == {"theme.primaryColor": "#111111"}
    _write(path, '[theme]\nprimaryColor = "#222222"\n')
    assert reader.read().values == {"theme.primaryColor": "#222222"}
    path.unlink()
    assert reader.read().values == {}


# -- garbage ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ('[theme\nprimaryColor = "#fff"\n', ".streamlit/config.toml: not valid TOML ("),
        ('[theme]\nprimaryColour = "#fff"\n', ".streamlit/config.toml: unknown option theme.primaryColour; ignored"),
        ("[nosuch]\nthing = 1\n", ".streamlit/config.toml: unknown option nosuch.thing; ignored"),
        ("theme = 3\n", ".streamlit/config.toml: theme is not a [section]; ignored"),
        (
            "[theme]\nprimaryColor = 3\n",
            ".streamlit/config.toml: theme.primaryColor must be a string, not int; ignored",
        ),
        ('[server]\nmaxUploadSize = "big"\n', ".streamlit/config.toml: server.maxUploadSize must be a whole number"),
        ("[server]\nmaxUploadSize = true\n", ".streamlit/config.toml: server.maxUploadSize must be a whole number"),
        ('[theme]\nbase = "purple"\n', ".streamlit/config.toml: theme.base must be one of light, dark, not 'purple'"),
        ('[runner]\nenumCoercion = "off"\n', ".streamlit/config.toml: runner.enumCoercion is not supported here"),
        ('[theme.light]\nbase = "dark"\n', ".streamlit/config.toml: unknown option theme.light.base; ignored"),
        ('[theme.dark.sidebar]\nprimaryColor = "url(x)"\n', "theme.dark.sidebar.primaryColor = 'url(x)' is not"),
        ('[theme.dark]\ncodeFontSize = "1px"\n', "theme.dark.codeFontSize is not supported here; ignored"),
        ('[theme]\nheadingFontSizes = ["2rem", "}x{"]\n', "theme.headingFontSizes = "),
        ("[theme]\nheadingFontSizes = []\n", "theme.headingFontSizes = "),
        ("[theme]\nheadingFontSizes = 3\n", "theme.headingFontSizes = "),
        ('[theme]\nheadingFontWeights = ["bold"]\n', "theme.headingFontWeights"),
        ('[theme.sidebar]\nbuttonRadius = "round"\n', "theme.sidebar.buttonRadius = 'round' is not"),
        ('[theme]\nlinkUnderline = "no"\n', "theme.linkUnderline must be true or false"),
        ("[theme]\nbaseFontWeight = 650\n", "theme.baseFontWeight = '650' is not"),
        # what would break out of the page's <style> element, or is not a colour at all
        ('[theme]\nprimaryColor = "red}body{display:none"\n', "theme.primaryColor = 'red}body{display:none' is not"),
        ('[theme]\nfont = "x</style><script>alert(1)</script>"\n', "theme.font = 'x</style><script>alert(1)</sc"),
        ('[theme]\nbaseRadius = "calc(1px)"\n', "theme.baseRadius = 'calc(1px)' is not a value"),
        ("[theme]\nbaseFontSize = 400\n", "theme.baseFontSize = '400' is not a value"),
        ('[theme]\nchartCategoricalColors = ["#fff", "url(x)"]\n', "theme.chartCategoricalColors = "),
    ],
)
def test_bad_files_are_one_warning_naming_file_and_key(tmp_path: Path, text: str, warning: str) -> None:
    _write(tmp_path / "cwd/.streamlit/config.toml", text + '[client]\nshowErrorDetails = "none"\n')
    reader = _reader(tmp_path)
    config = reader.read()
    warned = reader.warned  # type: ignore[attr-defined]
    assert len(warned) == 1 and warned[0].startswith(".streamlit/config.toml: ") and warning in warned[0], warned
    assert len(warned[0]) < 200 and "\n" not in warned[0]
    # the rest of a file that parses still counts; a file that does not is left out whole
    expected = {} if "not valid TOML" in warning else {"client.showErrorDetails": "none"}
    assert config.values == expected
    assert "</script" not in page_style(config.theme())[0]
    reader.read()
    assert len(reader.warned) == 1  # type: ignore[attr-defined] # said once, not per session


def test_bad_variables_and_flags_name_themselves(tmp_path: Path) -> None:
    reader = _reader(
        tmp_path,
        environ={
            "STREAMLIT_RUNNER_MAGIC_ENABLED": "maybe" * 50,
            "STREAMLIT_SERVER_PORT": "80x",
            "STREAMLIT_NOT_AN_OPTION": "1",  # other STREAMLIT_ variables are not ours to judge
        },
        flags=("theme.primaryColor=#ff0000", "theme.nope=1", "server.maxUploadSize=lots"),
    )
    assert reader.read().values == {"theme.primaryColor": "#ff0000"}
    assert sorted(reader.warned) == [  # type: ignore[attr-defined]
        "--server.maxUploadSize: server.maxUploadSize must be a whole number; ignored",
        "--theme.nope: unknown option theme.nope; ignored",
        "STREAMLIT_RUNNER_MAGIC_ENABLED: runner.magicEnabled must be true or false; ignored",
        "STREAMLIT_SERVER_PORT: server.port must be a whole number; ignored",
    ]


# -- the page's theme ---------------------------------------------------------------------------


def test_page_style_sets_the_pages_variables() -> None:
    css, base, bad = page_style(
        {
            "base": "dark",
            "primaryColor": "#7c3aed",
            "backgroundColor": "rgb(250, 250, 240)",
            "font": "Inter, sans-serif",
            "codeFont": "monospace",
            "baseRadius": "small",
            "chartCategoricalColors": ["#ff0000", "rgb(0, 128, 0)"],
            "showSidebarBorder": False,
            "sidebar.backgroundColor": "#eeeeee",
            "sidebar.secondaryBackgroundColor": "#ffffff",
        }
    )
    assert base == "dark" and bad == []
    assert css.startswith(":root{--ac:#7c3aed;")
    for part in (
        "--bg:rgb(250, 250, 240)",
        '--jr-font:"Inter", sans-serif',
        "--r:.35rem",
        "--jr-cat:#ff0000|rgb(0, 128, 0)",
        "body{font-family:var(--jr-font)}",
        ".jr-sidebar{border-right:none}",
        ".jr-sidebar{--sb:#eeeeee;--sf:#ffffff}",  # the panel, and its widgets
    ):
        assert part in css, (part, css)
    assert "--mo:" not in css  # "monospace" is the page's own code font
    assert page_style({"baseRadius": "12"})[0] == ":root{--r:12px}"  # a bare number: pixels
    assert page_style({}) == ("", None, [])


def test_heading_sizes_and_weights_button_corners_links_and_weight(tmp_path: Path) -> None:
    """agent-skills' theme templates set these; Streamlit's semantics: up to six values from h1
    (or one for all), the sidebar not inheriting the main area's, an invalid weight ignored."""
    _write(
        tmp_path / "cwd/.streamlit/config.toml",
        '[theme]\nheadingFontSizes = ["40px", "2rem"]\nheadingFontWeights = [500, 600, 333]\nbuttonRadius = "full"\n'
        'linkUnderline = false\nbaseFontWeight = 300\nfont = "Inter:https://fonts.example/css2?family=Inter"\n'
        'codeFont = "Fira Code"\n[theme.sidebar]\nheadingFontSizes = "1rem"\nbuttonRadius = "4"\n',
    )
    reader = _reader(tmp_path)
    css, _base, bad = page_style(reader.read().theme())
    assert bad == [] and reader.warned == [], reader.warned  # type: ignore[attr-defined]
    for part in (
        ".jr-main :is(h1.jr-md,.jr-md h1,.jr-v-title){font-size:40px}",
        ".jr-main :is(h2.jr-md,.jr-md h2){font-size:2rem}",
        ".jr-main :is(h1.jr-md,.jr-md h1,.jr-v-title){font-weight:500}",
        ":is(.jr-btn,.jr-linkbtn .jr-btn){border-radius:1.4rem}",
        ".jr-md a{text-decoration:none}",
        "body{font-weight:300}",
        '--jr-font:"Inter", sans-serif',  # the family of a linked font (no file is fetched)
        '--mo:"Fira Code", monospace',
        ".jr-sidebar :is(h6.jr-md,.jr-md h6){font-size:1rem}",  # one value: all six
        ".jr-sidebar :is(.jr-btn,.jr-linkbtn .jr-btn){border-radius:4px}",
    ):
        assert part in css, (part, css)
    assert "font-weight:333" not in css and "h2.jr-md,.jr-md h2){font-weight" not in css  # 600: the default
    assert ".jr-main :is(h3.jr-md,.jr-md h3){font-size" not in css  # left at Streamlit's sizes


def test_light_and_dark_sections_apply_in_their_scheme(tmp_path: Path) -> None:
    _write(
        tmp_path / "cwd/.streamlit/config.toml",
        '[theme]\nprimaryColor = "#111111"\n[theme.light]\nbackgroundColor = "#ffffff"\n'
        '[theme.dark]\nbackgroundColor = "#000000"\nchartCategoricalColors = ["#ff0000"]\n'
        '[theme.dark.sidebar]\ntextColor = "#eeeeee"\n',
    )
    reader = _reader(tmp_path)
    config = reader.read()
    assert reader.warned == []  # type: ignore[attr-defined]
    css, base, bad = page_style(config.theme())
    assert base is None and bad == []
    # [theme] for both schemes first; each section after it, in its own scheme's media block
    # (theme.ts switches these blocks when a host or theme.base forces the scheme)
    main, light, dark = css.partition("@media (prefers-color-scheme: light)")[0], *css.split("@media")[1:]
    assert "--ac:#111111" in main and "--bg" not in main
    assert light.startswith(" (prefers-color-scheme: light){:root{--bg:#ffffff")
    assert dark.startswith(" (prefers-color-scheme: dark){:root{--bg:#000000")
    assert "--jr-cat:#ff0000" in dark and ".jr-sidebar{--fg:#eeeeee" in dark and "color:var(--fg)" in dark


# -- a served app -------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32

THEMED = """
import jupyter_reactive as jr
"# not shown: magic is off in this app's config.toml"
jr.write("options " + repr([jr.get_option(k) for k in (
    "theme.primaryColor", "theme.base", "theme.textColor", "runner.magicEnabled", "server.maxUploadSize",
    "theme.sidebar.backgroundColor")]) + " scheme " + str(jr.context.theme.type))
jr.write(f"secrets from {jr.secrets.where}, {len(jr.get_option('secrets.files'))} file")
jr.file_uploader("over the server's", max_upload_size=5)
jr.file_uploader("under it", max_upload_size=2)
"""


@pytest.fixture
def jr_config(jp_root_dir: Path, jp_home_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    folder = jp_root_dir / "themed"
    (folder / "themed_app.py").parent.mkdir(parents=True, exist_ok=True)
    (folder / "themed_app.py").write_text(THEMED)
    _write(
        folder / ".streamlit/config.toml",
        '[theme]\nbase = "dark"\nprimaryColor = "#7c3aed"\n[theme.sidebar]\nbackgroundColor = "#101010"\n'
        "[server]\nmaxUploadSize = 3\nenableStaticServing = true\n"
        '[runner]\nmagicEnabled = false\nfastReruns = true\nenumCoercion = "off"\n'
        f"[secrets]\nfiles = [{json.dumps(str(folder / 'conf/s.toml'))}]\n",
    )
    _write(folder / "conf/s.toml", 'where = "the configured file"\n')
    _write(folder / ".streamlit/secrets.toml", 'where = "the default place"\n')
    static = folder / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "dot.png").write_bytes(PNG)
    (static / "page.html").write_text("<script>alert(1)</script>")
    (static / ".hidden.txt").write_text("hidden")
    (jp_root_dir / "outside.txt").write_text("outside")
    (static / "link.txt").symlink_to(jp_root_dir / "outside.txt")
    (static / "big").mkdir()
    _write(jp_home_dir / ".streamlit/config.toml", '[theme]\nprimaryColor = "#000001"\ntextColor = "#fafafa"\n')
    monkeypatch.setenv("STREAMLIT_THEME_TEXT_COLOR", "#f0f0f0")
    return serve_mode_config("themed/themed_app.py", streamlit_options=["theme.primaryColor=#e11d48"])


async def test_a_served_apps_config_reaches_page_server_and_kernel(
    jr_config: Any, jp_fetch: Any, jr_connect: Any, jr_sessions: Any, jp_root_dir: Path
) -> None:
    page = (await jp_fetch("reactive", "app", "themed/themed_app.py")).body.decode()
    assert '<html lang="en" data-jr-theme="dark" style="color-scheme:dark">' in page
    assert '<style id="jr-theme">:root{--ac:#e11d48;' in page  # the flag over every file
    assert "--fg:#f0f0f0" in page  # the variable over the user's file
    assert ".jr-sidebar{--sb:#101010}" in page
    assert page.index("app.css") < page.index('id="jr-theme"')  # after the stylesheet: it wins
    # theme.base: an inline script after the stylesheet switches its scheme rules before paint
    assert "jrTheme" in page[page.index('id="jr-theme"') : page.index("app.js")]

    app = await jr_connect("themed/themed_app.py")
    hello = await app.hello()
    assert hello["max_upload_size"] == 3 * 1024 * 1024  # server.maxUploadSize, in megabytes
    await app.run()
    texts = [json.dumps(el) for el in app.page.values()]
    assert not any("not shown" in t for t in texts)
    assert app.has_text("options ['#e11d48', 'dark', '#f0f0f0', False, 3, '#101010'] scheme dark"), texts
    assert app.has_text("secrets from the configured file, 1 file"), texts  # secrets.files
    # the kernel knows the server's upload limit: an uploader's own may only be less
    assert app.widget("over the server's")["max_upload_size"] == 3 * 1024 * 1024
    assert app.widget("under it")["max_upload_size"] == 2 * 1024 * 1024
    notices = [m["message"] for m in app.log if m["type"] == "notice"]
    assert any("max_upload_size=5) is over the server's limit of 3 MB" in n for n in notices), notices
    warnings = jr_sessions.config.read(jp_root_dir / "themed").warnings
    assert any("runner.enumCoercion is not supported here" in w for w in warnings), warnings
    assert not any("fastReruns" in w for w in warnings), warnings  # taken: runner.fastReruns


# -- serve's command line -----------------------------------------------------------------------


def test_serve_takes_streamlits_flags_and_server_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_reactive import cli

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STREAMLIT_SERVER_ADDRESS", "127.0.0.1")
    (tmp_path / "app.py").write_text("pass\n")
    _write(
        tmp_path / ".streamlit/config.toml",
        '[server]\nport = 9\nheadless = true\nbaseUrlPath = "apps/one"\nrunOnSave = true\n[logger]\nlevel = "debug"\n',
    )
    argv = cli.serve_argv([str(tmp_path / "app.py"), "--theme.primaryColor=#ff0000", "--server.port", "0"])
    assert "--ReactiveApp.streamlit_options=theme.primaryColor=#ff0000" in argv
    assert "--ReactiveApp.streamlit_options=server.port=0" in argv
    for setting in (
        "--port=0",  # the flag over the file
        "--ip=127.0.0.1",
        "--ServerApp.base_url=/apps/one/",
        "--ReactiveApp.run_on_save=true",
        "--no-browser",
        "--log-level=DEBUG",
    ):
        assert setting in argv, (setting, argv)
    assert "--port=9" not in argv
    # serve's own settings win over Streamlit's
    argv = cli.serve_argv([str(tmp_path / "app.py"), "--port=0", "--ReactiveApp.run_on_save=False"])
    assert [a for a in argv if a.startswith(("--port", "--ReactiveApp.run_on_save"))] == [
        "--port=0",
        "--ReactiveApp.run_on_save=False",
    ]
    # started by JupyterHub: the hub's address, port and prefix stand
    hub = [
        "--ServerApp.ip=10.0.0.1",
        "--ServerApp.port=1234",
        "--ServerApp.base_url=/s/",
        "--ServerApp.open_browser=False",
    ]
    argv = cli.serve_argv([str(tmp_path / "app.py")], hub=hub)
    assert not [a for a in argv if a.startswith(("--port", "--ip", "--no-browser", "--ServerApp.base_url=/apps"))]
    assert "--ReactiveApp.run_on_save=true" in argv
    with pytest.raises(cli.UsageError) as refused:
        cli.serve_argv([str(tmp_path / "app.py"), "--theme.primaryColor"])
    assert refused.value.message == "option --theme.primaryColor needs a value: --theme.primaryColor=VALUE"


async def test_static_serving_serves_the_apps_static_folder_and_nothing_else(
    jr_config: Any, jp_fetch: Any, jp_root_dir: Path
) -> None:
    from tornado.httpclient import HTTPClientError

    for page in ("themed/", "themed/themed_app.py/", "themed/themed_app.py/Some_page/"):
        r = await jp_fetch(*f"reactive/app/{page}app/static/img/dot.png".split("/"))
        assert r.code == 200 and r.body == PNG and r.headers["Content-Type"] == "image/png"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    # what a browser would run on the app's origin is only text
    r = await jp_fetch("reactive", "app", "themed", "app", "static", "page.html")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    refused = [
        "reactive/app/themed/app/static/nope.png",
        "reactive/app/themed/app/static/.hidden.txt",
        "reactive/app/themed/app/static/link.txt",  # a symlink out of static/
        "reactive/app/themed/app/static/big",  # a folder: no listing
        "reactive/app/themed/app/static/%2E%2E/.streamlit/config.toml",
        "reactive/app/themed/app/static/img%2F..%2F..%2Fthemed_app.py",
        "reactive/app/app/static/outside.txt",  # the root holds no app this server runs
        "reactive/app/%2E%2E/app/static/x",
        "reactive/app/themed/nothere.py/app/static/img/dot.png",
    ]
    for url in refused:
        with pytest.raises(HTTPClientError) as err:
            await jp_fetch(url)
        assert err.value.code == 404, url
        assert b"outside" not in (err.value.response.body if err.value.response else b"")
    # off in the app's configuration: nothing is served
    _write(jp_root_dir / "themed/.streamlit/config.toml", "[server]\nenableStaticServing = false\n")
    with pytest.raises(HTTPClientError) as err:
        await jp_fetch("reactive", "app", "themed", "app", "static", "img", "dot.png")
    assert err.value.code == 404


def test_serve_starts_with_a_broken_config_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    from tests.browser.conftest import Served

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    _write(tmp_path / "home/.streamlit/config.toml", '[theme]\nprimaryColor = "#123456"\nbogus = 1\n')
    (tmp_path / "app/app.py").parent.mkdir()
    (tmp_path / "app/app.py").write_text("import jupyter_reactive as jr\njr.write('hi')\n")
    _write(tmp_path / "app/.streamlit/config.toml", '[theme\nprimaryColor = "#ff0000"\n')
    served = Served(tmp_path / "app/app.py", "--server.maxUploadSize=x")
    try:
        with urllib.request.urlopen(f"{served.url}/reactive/app/app.py", timeout=10) as r:
            page = r.read().decode()
        assert "--ac:#123456" in page  # the files that parse still count
        log = served.log()
        lines = [line for line in log.splitlines() if "config.toml" in line or "maxUploadSize" in line]
        assert any("app/.streamlit/config.toml: not valid TOML (" in line for line in lines), log
        assert any("~/.streamlit/config.toml: unknown option theme.bogus; ignored" in line for line in lines), log
        assert any("--server.maxUploadSize: server.maxUploadSize must be a whole number" in line for line in lines)
        assert "Traceback" not in log
    finally:
        served.stop()
