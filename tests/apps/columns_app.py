"""Streamlit 1.67's newer column types in a dataframe and a data editor (tests/browser/test_columns_page.py)."""

import pandas as pd

import jupyter_reactive as jr

cc = jr.column_config
WAV = "data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA="

df = pd.DataFrame(
    {
        "name": ["Alice", "Bob", "Carol"],
        "info": [{"age": 31, "tags": ["a", "b"]}, '{"age": 42}', [1, 2, 3]],
        "bio": ["**bold** and `code`", "# Title\n\nsome *text*", "[site](https://example.com)"],
        "cats": [["exploration", "llm"], ["visualization"], []],
        "sound": [WAV, "javascript:alert(1)", None],
        "clip": ["https://example.com/v.mp4", None, "media/clip.mp4"],
        "act": [":material/visibility: View", ":material/visibility: View", ["Edit", "Delete"]],
        "size": ["s", "m", "l"],
        "done": [0.25, 0.5, 0.755],
        "num": [1, 22, 333],
    }
)


def clicked() -> None:
    jr.session_state.log = jr.session_state.get("log", []) + [dict(jr.session_state.act_click)]


jr.dataframe(
    df,
    hide_index=True,
    alt="Read only",
    column_config={
        "info": cc.JsonColumn("Info", alignment="left"),
        "bio": cc.MarkdownColumn("Bio", width="medium"),
        "cats": cc.MultiselectColumn(
            "Cats", options=["exploration", "visualization", "llm"], color="auto", format_func=str.capitalize
        ),
        "sound": cc.AudioColumn("Sound"),
        "clip": cc.VideoColumn("Clip"),
        "act": cc.ButtonColumn("Act", on_click=clicked, key="act_click", type="primary"),
        "size": cc.SelectboxColumn("Size", options=["s", "m", "l"], format_func=lambda s: s.upper() * 2),
        "done": cc.ProgressColumn("Done", min_value=0, max_value=1, step=0.01),
        "num": cc.NumberColumn("Num", alignment="center"),
    },
)
click = jr.session_state.get("act_click")
jr.text(f"click: {None if click is None else (click.row, click.label)}")
jr.text(f"log: {jr.session_state.get('log', [])}")

edit = pd.DataFrame(
    {
        "tags": [["a", "b"], ["c"]],
        "cats": [["llm"], []],
        "note": ["*hi*", "plain"],
    }
)
out = jr.data_editor(
    edit,
    key="ed",
    alt="Editor",
    column_config={
        "tags": cc.ListColumn("Tags"),
        "cats": cc.MultiselectColumn("Cats", options=["llm", "exploration"], format_func=str.upper),
        "note": cc.MarkdownColumn("Note"),
    },
)
jr.text(f"edited: {out.to_dict('list')}")
jr.text(f"types: {[type(x).__name__ for x in out['tags']]}")
