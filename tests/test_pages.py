"""Page discovery for a ``pages/`` folder: Streamlit's order, titles, icons and URL paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jupyter_reactive.pages import discover_pages, page_files, page_name, sort_key, split_icon, title_of


def _app(tmp_path: Path, *names: str, main: str = "streamlit_app.py") -> Path:
    (tmp_path / main).write_text("pass\n")
    (tmp_path / "pages").mkdir()
    for name in names:
        (tmp_path / "pages" / name).write_text("pass\n")
    return tmp_path / main


def test_no_pages_folder_is_one_page(tmp_path: Path) -> None:
    main = tmp_path / "app.py"
    main.write_text("pass\n")
    pages = discover_pages(main)
    assert [(p.title, p.url_path, p.default) for p in pages] == [("app", "", True)]


def test_order_is_numeric_prefix_then_name(tmp_path: Path) -> None:
    main = _app(tmp_path, "10_ten.py", "2_two.py", "b_page.py", "A_page.py", "1_one.py", "02_also_two.py")
    titles = [p.title for p in discover_pages(main)]
    assert titles == ["streamlit app", "one", "also two", "two", "ten", "A page", "b page"]


def test_titles_icons_and_url_paths(tmp_path: Path) -> None:
    main = _app(tmp_path, "02_📈_Plotting_demo.py", "3 - Mapping  Demo.py", "❤️_love.py", "04__.py")
    pages = discover_pages(main)[1:]
    assert [(p.icon, p.title, p.url_path) for p in pages] == [
        ("📈", "Plotting demo", "Plotting_demo"),
        ("", "Mapping Demo", "Mapping_Demo"),
        ("", "04", "04"),
        ("❤️", "love", "love"),
    ]


def test_hidden_init_and_non_python_files_are_not_pages(tmp_path: Path) -> None:
    main = _app(tmp_path, ".hidden.py", "__init__.py", "notes.txt", "real.py")
    (tmp_path / "pages" / "dir.py").mkdir()
    assert [p.title for p in discover_pages(main)] == ["streamlit app", "real"]


def test_a_symlink_out_of_the_app_folder_is_not_a_page(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    outside = tmp_path / "secret.py"
    outside.write_text("pass\n")
    main = _app(app, "ok.py")
    os.symlink(outside, app / "pages" / "evil.py")
    os.symlink(app / "pages" / "loop.py", app / "pages" / "loop.py")
    assert [p.title for p in discover_pages(main)] == ["streamlit app", "ok"]


def test_same_name_twice_keeps_the_first(tmp_path: Path) -> None:
    main = _app(tmp_path, "1_same.py", "2_same.py")
    pages = discover_pages(main)
    assert [p.file.name for p in pages[1:]] == ["1_same.py"]


def test_page_files_lists_the_main_script_first(tmp_path: Path) -> None:
    main = _app(tmp_path, "b.py", "a.py")
    assert [p.name for p in page_files(main)] == ["streamlit_app.py", "a.py", "b.py"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("🎈_x", ("🎈", "x")),
        ("👩‍💻 dev", ("👩‍💻", "dev")),
        ("plain", ("", "plain")),
        ("👍🏽-ok", ("👍🏽", "ok")),
        ("1\ufe0f\u20e3_Easy", ("1\ufe0f\u20e3", "Easy")),
        ("#\u20e3 x", ("#\u20e3", "x")),
        ("12_x", ("", "12_x")),
    ],
)
def test_split_icon(name: str, expected: tuple[str, str]) -> None:
    assert split_icon(name) == expected


def test_name_rules() -> None:
    assert page_name("5_my__page.py") == ("", "my_page")
    assert title_of("my_page") == "my page"
    assert sort_key("x.py") > sort_key("99_z.py")
