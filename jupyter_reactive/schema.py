"""Every element and message shape on the wire, declared once, and a checker for them (stdlib only).

Each shape is a ``TypedDict`` whose ``Literal`` discriminator (``kind``, ``widget``, ``layout`` or
``type``) names it on the wire. Optional fields (present only when the script sets them) live in a
``total=False`` class over the required ones, so this module runs on Python 3.10 without
``typing_extensions``. Docstrings and the comment after each field are the documentation:
``python -m jupyter_reactive.schemagen`` turns them into ``labextension/app/schema.ts`` (the page's
types) and into the tables of ``docs/protocol.md``, and a test fails when either is stale.

:func:`check` validates a decoded dict against a shape (tests run it on everything the kernel and
the server send). Pure declarations and functions: importable from the kernel and the server, on
any thread. Message *names* stay constants in :mod:`.protocol`; a test keeps them in step with
the ``type`` literals here.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, Literal, TypeAlias, TypedDict, Union

# -- shared pieces ----------------------------------------------------------------------------


class MediaHash(TypedDict):
    """Media the kernel sent once, by content hash; the server says which URL serves it."""

    media: str  # sha256 of the bytes (a `media` message or a snapshot's `media` map gives the URL)


#: where an element's media come from: a URL or data: URI as is, or a content hash
MediaRef: TypeAlias = str | MediaHash


class FileRef(TypedDict):
    """An uploaded file in an uploader's value, as the page sends it and the kernel echoes it."""

    id: str  # the media store's id of the upload
    name: str  # file name on the viewer's machine
    type: str  # MIME type the browser gave
    size: int  # bytes


class SignedFileRef(FileRef, total=False):
    """A file reference from the page: the upload handler's receipt proves it is this session's."""

    receipt: str  # signed by the server for (session, widget, file id); dropped before the kernel


class GridSelectionValue(TypedDict):
    """A dataframe's selection, as `jr.dataframe(on_select=...)` returns it (under `selection`)
    and the page sends it."""

    rows: list[int]  # selected rows: positions in the original frame (whatever the sort), ascending
    columns: list[str]  # selected columns' names, in shown order
    cells: list[tuple[int, str]]  # selected cells: [row position, column name], in shown order


class PlotlySelection(TypedDict):
    """A Plotly chart's selection, as `jr.plotly_chart(on_select="rerun")` returns it (under
    `selection`) and the page sends it."""

    points: list[dict[str, Any]]  # the selected points: curve_number, point_index, x, y ...
    point_indices: list[int]  # the selected points' indices in their traces
    box: list[dict[str, Any]]  # box selections: {xref, yref, x: [x0, x1], y: [y0, y1]}
    lasso: list[dict[str, Any]]  # lasso selections: {xref, yref, x: [...], y: [...]}


class EChartsSelected(TypedDict):
    """One series' selected items in an ECharts chart's selection (Streamlit's shape)."""

    series_index: int  # the series' index in the option's `series`
    series_id: str | int | None  # its `id` (null: none set)
    series_name: str | int | None  # its `name` (null: none set)
    data_type: Literal["main", "node", "edge"]  # "node"/"edge": a graph's nodes or links
    data_indices: list[int]  # the selected items' indices in the series' data, ascending


class EChartsArea(TypedDict):
    """One brushed region of an ECharts chart's selection, in data coordinates."""

    brush_index: int  # the brush component's index
    brush_type: Literal["rect", "lineX", "lineY", "polygon"]  # ECharts' brush type
    coord_range: list[Any]  # rect: [[x0, x1], [y0, y1]]; lineX/lineY: [a, b]; polygon: [[x, y] ...]


class EChartsSelection(TypedDict):
    """An ECharts chart's selection, as `jr.echarts_chart(on_select="rerun")` returns it (under
    `selection`) and the page sends it."""

    selected: list[EChartsSelected]  # clicked and brushed items, by series and data type
    areas: list[EChartsArea]  # the brush regions that have data coordinates


class ComponentValue(TypedDict):
    """What a custom component's frame set (`setComponentValue`): JSON as is, bytes as base64, a
    DataFrame as three base64 Arrow IPC streams (`data`, `index`, `columns`)."""

    dataType: Literal["json", "bytes", "dataframe"]  # how `value` is encoded (Streamlit's field name)
    value: Any  # the value, in the form its dataType says


class ComponentV2State(TypedDict):
    """A `components.v2` instance's state values (`setStateValue`): all of them, each a JSON value
    under its name; they persist across runs under the instance's key."""

    state: dict[str, Any]  # name (1 to 256 characters, at most 1000 names) -> JSON value


class ComponentV2Trigger(TypedDict):
    """A `components.v2` instance's trigger (`setTriggerValue`), sent under its `trigger_id`: one
    event and its value, which the next run alone sees."""

    event: str  # the trigger's name (1 to 256 characters)
    value: Any  # any JSON value


#: a widget's value on the wire: number, [lo, hi], bool, text, option index or indices, files,
#: a chart selection, dates (ISO text, a range as a list), options typed by the viewer (text),
#: a chat message with attachments, a custom component's value, a v2 component's state or trigger
WidgetValue: TypeAlias = (
    ComponentValue
    | ComponentV2State
    | ComponentV2Trigger
    | float
    | bool
    | str
    | list[float]
    | list[SignedFileRef]
    | PlotlySelection
    | EChartsSelection
    | GridSelectionValue
    | list[str | float]
    | list[str | SignedFileRef]
    | None
)

#: a notice's severity
Level: TypeAlias = Literal["info", "warning", "error"]
#: how a select box or multi-select filters its options by the typed text (Streamlit's
#: ``filter_mode``): an in-order subsequence ranked by its match, a substring, a prefix;
#: null: typing is off
FilterMode: TypeAlias = Literal["fuzzy", "contains", "prefix"] | None
#: a heading divider's colour (Streamlit's names; the kernel resolves divider=True to one)
DividerColor: TypeAlias = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "rainbow"]
#: where an element is: [root, i, j...], root 0 the main column and 1 the sidebar, then child indices
Path: TypeAlias = list[int]


class Trim(TypedDict):
    """Drop the children of container `path` at index >= `len`."""

    path: Path  # the container; roots are [0] (main) and [1] (sidebar)
    len: int  # children kept


# -- layout (every element) --------------------------------------------------------------------


class Sizing(TypedDict, total=False):
    """How an element sits in its container (Streamlit's `width`, `height`, `text_alignment`,
    `wrap`), the same for every element and widget; absent fields keep the element's own default.
    Inside a horizontal container every element carries its `width`, defaults included."""

    width: int | Literal["stretch", "content"]  # pixels (at most the container's), the container's, or its own
    height: int | Literal["stretch", "content"]  # pixels (scrolling inside), the room left, or its own
    text_alignment: Literal["left", "center", "right", "justify"]  # of the text inside it
    wrap: bool  # false: the text stays on one line (cut off with an ellipsis)


class Laid(TypedDict, total=False):
    """What every element may carry besides its own fields."""

    sizing: Sizing  # layout parameters other than the element's defaults (absent: none)
    alt: str  # its accessible description (read by screen readers)


# -- display elements -------------------------------------------------------------------------


class _MarkdownRequired(Laid):
    kind: Literal["markdown"]
    html: str  # rendered and sanitised in the kernel
    variant: Literal["title", "header", "subheader", "body", "caption"]  # how it is shown


class MarkdownEl(_MarkdownRequired, total=False):
    """Markdown text: `jr.markdown`, `jr.title`/`header`/`subheader`, `jr.caption`, `jr.write`."""

    divider: DividerColor  # headings: the colour of the rule under the heading
    help: str  # plain-text tooltip: a "?" mark after the text
    anchor: str | Literal[False]  # headings: the id (a string), or no anchor link (false)
    allow_html: bool  # true: the html holds the app's raw HTML (unsafe_allow_html), sanitized by the page
    anchors: Literal[False]  # headings inside the text get no id (absent: an id made from each heading's text)


class _TextRequired(Laid):
    kind: Literal["text"]
    text: str  # shown preformatted, monospace


class TextEl(_TextRequired, total=False):
    """Preformatted text: `jr.text`, and a notebook app's `print` output."""

    help: str  # plain-text tooltip: a "?" mark after the text


class _CodeRequired(Laid):
    kind: Literal["code"]
    html: str  # highlighted in the kernel, a `<pre>` inside
    code: str  # raw text, for the copy button
    language: str  # the highlighter's language name


class CodeEl(_CodeRequired, total=False):
    """A code block with a copy button: `jr.code`."""

    line_numbers: Literal[True]  # show line numbers in a gutter
    wrap_lines: Literal[True]  # wrap long lines instead of scrolling


class JsonEl(Laid):
    """A collapsible JSON tree: `jr.json`, and dicts and lists given to `jr.write`."""

    kind: Literal["json"]
    value: Any  # any JSON value
    expanded: bool | int  # open at first; a number: open that many levels deep


class _MetricRequired(Laid):
    kind: Literal["metric"]
    label: str  # plain text above the value
    value: str  # shown as given, in large type ("—" for None)
    label_visibility: Literal["visible", "hidden", "collapsed"]  # hidden keeps the label's space
    border: bool  # draw a box around it


class MetricEl(_MetricRequired, total=False):
    """A number in large type with a label and how it changed: `jr.metric`."""

    delta: str  # the change, shown as given in a pill under the value (absent: no delta)
    delta_color: Literal["red", "orange", "yellow", "green", "blue", "violet", "gray", "primary"]  # with `delta`
    delta_arrow: Literal["up", "down"]  # the arrow before the delta (absent: none)
    help: str  # plain-text tooltip: a "?" mark after the label
    icon: str  # an emoji, ":material/name:" or "spinner" before the label
    chart: MetricChart  # a sparkline under the value, in the delta's colour (gray without one)
    format: str  # printf-style or a named number format for a value or delta whose text is a number
    delta_description: str  # muted text beside the delta (also without one)
    delta_description_html: str  # the same as inline-markdown HTML, when it has markup
    label_html: str  # the label as inline-markdown HTML, when it has markup
    value_html: str  # the value as inline-markdown HTML, when it has markup (and is not a number)
    delta_html: str  # the delta as inline-markdown HTML, when it has markup


class MetricChart(TypedDict):
    """A metric's sparkline: its points drawn evenly spaced across the metric's width."""

    type: Literal["line", "area", "bar"]  # area: shaded down to the lowest point, or to zero when it crosses it
    points: list[float | None]  # null: a gap (NaN or an infinity); thinned by the kernel past 1,000


class ChartData(TypedDict):
    """A chart's dataset, column-oriented (row objects repeat every key: this is much smaller)."""

    columns: list[str]  # the field names
    values: list[list[Any]]  # one list per column, all the same length (dates as epoch ms)


class _VegaLiteRequired(Laid):
    kind: Literal["vega_lite"]
    spec: dict[str, Any]  # a Vega-Lite spec; its data refer by name to `datasets`
    datasets: dict[str, ChartData]  # the data, by name (rows are rebuilt in the page)
    use_container_width: bool  # as wide as its container, following it when it resizes
    theme: Literal["streamlit"] | None  # "streamlit": the page's look; null: Vega-Lite's own


class VegaLiteEl(_VegaLiteRequired, total=False):
    """A Vega-Lite chart: `jr.vega_lite_chart`, `jr.altair_chart`, `jr.line_chart`,
    `jr.area_chart`, `jr.bar_chart`, `jr.scatter_chart`. The same element with longer datasets
    (`add_rows`) grows the drawn chart instead of drawing it again."""


#: a space's size: pixels, or one of Streamlit's names (0.25rem to 8rem), or all the room left
SpaceSize: TypeAlias = int | Literal["stretch", "xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge"]


class SpaceEl(Laid):
    """Empty room in the container's direction: `jr.space`."""

    kind: Literal["space"]
    size: SpaceSize  # pixels or a named size


class DividerEl(Laid):
    """A horizontal rule: `jr.divider`."""

    kind: Literal["divider"]


class _HtmlRequired(Laid):
    kind: Literal["html"]
    html: str  # from the app's code or an object's repr; the page sanitizes it (DOMPurify)


class HtmlEl(_HtmlRequired, total=False):
    """HTML from the app's own code (`jr.html`) or an object's rich repr (`_repr_html_`),
    sanitized by the page: no scripts, event handlers or `javascript:` URLs (but with `script`,
    in a frame of an opaque origin that runs them and cannot reach the page)."""

    scoped: bool  # an object's HTML: its <style> rules apply inside the element only
    script: bool  # `unsafe_allow_javascript`: shown unsanitized in a sandboxed frame sized to its content


class _AlertRequired(Laid):
    kind: Literal["alert"]
    level: Literal["error", "warning", "info", "success"]  # its colour
    html: str  # rendered markdown
    icon: str | None  # an emoji shown before the text


class AlertEl(_AlertRequired, total=False):
    """A coloured message box: `jr.error`, `jr.warning`, `jr.info`, `jr.success`."""

    title_html: str  # a bold title above the text (after the icon), inline markdown rendered in the kernel


class ExceptionEl(Laid):
    """An exception with its traceback: the script's own error, `jr.exception`."""

    kind: Literal["exception"]
    ename: str  # exception class name
    evalue: str  # its message
    traceback: str  # plain text (ANSI colours are stripped by the page)


class _ImageItemRequired(TypedDict):
    src: MediaRef  # the picture
    caption: str | None  # shown under it, also its alt text


class ImageItem(_ImageItemRequired, total=False):
    """One picture of an `image` element."""

    alt: str  # its alt text (absent: the caption)


class _ImageRequired(Laid):
    kind: Literal["image"]
    images: list[ImageItem]  # in order
    width: int | None  # each picture's width in px (null: natural size)
    use_container_width: bool  # stretch to the container's width (when `width` is null)


class ImageEl(_ImageRequired, total=False):
    """One or more pictures in a row: `jr.image`, and image reprs (matplotlib figures...)."""

    link: str  # one picture only: a click opens this URL in a new tab (http, https, mailto or relative; others not linked)


class _AvRequired(Laid):
    src: MediaRef  # the media
    mimetype: str  # the `<source>` element's type
    start_time: float  # seconds: playback starts there (media fragment #t=start)
    loop: bool  # play again at the end
    autoplay: bool  # start playing when shown
    muted: bool  # start muted (the kernel sends false for audio)


class _AvOptional(_AvRequired, total=False):
    end_time: float  # seconds, > start_time: playback stops there (#t=start,end)


class AudioEl(_AvOptional):
    """An audio player: `jr.audio`."""

    kind: Literal["audio"]


class SubtitleTrack(TypedDict):
    """One subtitle track of a video (WebVTT; SubRip is converted in the kernel)."""

    label: str  # shown in the player's menu ("default" for a single track)
    src: MediaRef  # the WebVTT file


class _VideoRequired(_AvOptional):
    kind: Literal["video"]


class VideoEl(_VideoRequired, total=False):
    """A video player: `jr.video`."""

    youtube: bool  # `src` is YouTube's embeddable player (https://www.youtube.com/embed/ID), shown in a frame
    subtitles: list[SubtitleTrack]  # tracks, the first shown by default


class ProgressEl(Laid):
    """A progress bar (`jr.progress`), updated in place by its handle."""

    kind: Literal["progress"]
    value: int  # percent, 0..100
    text: str  # inline markdown rendered in the kernel (may be empty)


class SkeletonEl(Laid):
    """An animated placeholder for content on its way: `jr.skeleton` (in a single-slot block)."""

    kind: Literal["skeleton"]
    height: int | Literal["stretch"] | None  # pixels, the container's height, or an input's (null)


class _SpinnerRequired(Laid):
    kind: Literal["spinner"]
    html: str  # shown beside it: the text as markdown, rendered by the kernel


class SpinnerEl(_SpinnerRequired, total=False):
    """A spinner with a text while a `with jr.spinner():` block runs."""

    show_time: Literal[True]  # the time since it was drawn after the text, "(1.2 seconds)", every 0.1 s


class ToastEl(Laid):
    """A short message stacked at the page's top right (`jr.toast`). Shown when the element
    arrives; a rerun that sends the same element again does not show it again. An element sent
    where a toast still shows updates that toast."""

    kind: Literal["toast"]
    html: str  # inline markdown rendered in the kernel
    icon: str | None  # an emoji or ":material/name:"
    duration: float | None  # seconds on screen (null: until the viewer closes it)


class CelebrationEl(Laid):
    """`jr.balloons` / `jr.snow`: a short animation over the page when the element arrives
    (not again when a rerun sends the same element)."""

    kind: Literal["celebration"]
    effect: Literal["balloons", "snow"]  # what rises or falls


class HelpMember(TypedDict):
    """One attribute or method shown by `jr.help`."""

    name: str  # its name
    type: str  # its type's name
    value: str  # a method's signature, else the value's repr (shortened)
    doc: str  # the first paragraph of its docstring


class HelpEl(Laid):
    """`jr.help(obj)`: an object's name, type, signature or value, docstring and members."""

    kind: Literal["help"]
    name: str  # the name the object is known by ("" if none)
    type: str  # its type's name
    value: str  # a callable's signature, else the value's repr (shortened)
    doc: str  # its docstring, cleaned
    members: list[HelpMember]  # its public attributes and methods


class PlotlyChartEl(Laid):
    """An interactive Plotly chart drawn by plotly.js: `jr.plotly_chart`, and Plotly figure reprs."""

    kind: Literal["plotly_chart"]
    spec: str  # the figure as Plotly JSON text (`plotly.io.to_json`)
    config: dict[str, Any]  # plotly.js config options, passed through
    theme: Literal["streamlit"] | None  # "streamlit": the page's colours, light or dark; null: Plotly's own
    use_container_width: bool  # as wide as the container (else the figure's own width, at most that)


class _EChartsChartRequired(Laid):
    kind: Literal["echarts_chart"]
    spec: str  # the ECharts option as JSON text (a dataframe source already rows)
    theme: Literal["streamlit"] | None  # "streamlit": the page's colours and fonts, light or dark; null: ECharts'
    renderer: Literal["canvas", "svg"]  # ECharts' renderer
    height: int | Literal["stretch"]  # pixels, or the container's height (at least 350 px)


class EChartsChartEl(_EChartsChartRequired, total=False):
    """An Apache ECharts chart drawn by ECharts in the page: `jr.echarts_chart`."""

    width: int  # width="content": the chart's width in px, at most the container's (absent: the container's)
    description: str  # alt: the chart's accessible name (ECharts' aria.label.description)
    key: str  # the app's key: the page gives the chart the class `st-key-<key>`


class _BokehChartRequired(Laid):
    kind: Literal["bokeh_chart"]
    src: MediaRef  # the HTML document
    height: int  # the frame's height in px


class BokehChartEl(_BokehChartRequired, total=False):
    """A Bokeh figure: Bokeh's standalone HTML (with its own BokehJS) in a sandboxed frame."""

    width: int  # the frame's width in px (`use_container_width=False`; absent: the container's)


class _IframeRequired(Laid):
    kind: Literal["iframe"]
    height: int  # the frame's height in px
    scrolling: bool  # scroll bars when the content is larger


class IframeEl(_IframeRequired, total=False):
    """`components.v1.iframe(src)` or `components.v1.html(html)`: a sandboxed frame that may run
    scripts; a frame of the page's own origin never gets that origin (it cannot reach the page)."""

    src: str  # the URL shown (iframe)
    html: MediaRef  # the HTML document shown (html)
    width: int  # px (absent: the container's width)
    tab_index: int  # the frame's tabindex


class LogoPicture(TypedDict):
    """A logo's picture: an image, an emoji or a Material icon."""

    type: Literal["image", "emoji", "material"]  # what `src` is
    src: MediaRef  # the image; the emoji; the icon's name


class _LogoRequired(Laid):
    kind: Literal["logo"]
    image: LogoPicture  # the logo (in the sidebar when `icon_image` is given)
    size: Literal["small", "medium", "large"]  # 20, 24 or 32 px high at most


class LogoEl(_LogoRequired, total=False):
    """The app's logo in the page's top-left corner: `jr.logo` (the last call wins)."""

    link: str  # an http(s) URL the logo opens (absent: none)
    icon_image: LogoPicture  # shown in the main area instead of `image`


class _DocumentRequired(Laid):
    kind: Literal["document"]
    src: MediaRef  # the file in the media store, or an http(s) URL
    mimetype: str  # its type ("application/pdf" ...)
    height: int | Literal["stretch"]  # pixels, or the room its container has


class DocumentEl(_DocumentRequired, total=False):
    """A file shown by the browser's own viewer in a frame (Chromium's PDF viewer): `jr.pdf`, and
    `jr.iframe` of a local file that is not HTML. Media are served inline; HTML and SVG never
    come this way (the media store serves them sandboxed, as attachments)."""

    key: str  # `jr.pdf(key=)`: the frame's identity; while it stays the page keeps the frame


class _DeckRequired(Laid):
    kind: Literal["deck"]
    spec: str  # deck.gl JSON text (pydeck's `to_json`); the fill colour "primary" is the theme's
    height: int  # pixels


class DeckEl(_DeckRequired, total=False):
    """A deck.gl chart drawn in the page: `jr.map`, `jr.pydeck_chart`."""

    width: int  # pixels (absent: the container's width)
    basemap: Literal[True]  # the spec wants map tiles: offline, a note says they are unavailable
    tooltip: Any  # pydeck's tooltip: true, or {"html" or "text", "style"} with {field} templates


class _GraphvizRequired(Laid):
    kind: Literal["graphviz"]
    dot: str  # the graph in Graphviz's DOT language, laid out in the page
    width: int | Literal["content", "stretch"]  # pixels, its own size (shrunk to fit) or the container's


class GraphvizEl(_GraphvizRequired, total=False):
    """A graph laid out by Graphviz in the page: `jr.graphviz_chart`."""


class MermaidEl(Laid):
    """A diagram drawn by Mermaid in the page (strict security, no HTML labels): `jr.mermaid_chart`.
    Its width (stretch by default) is in `sizing`; `alt` names it (absent: its diagram type)."""

    kind: Literal["mermaid"]
    body: str  # the diagram in Mermaid's text syntax; one Mermaid cannot read shows an error in its place


class _GridColumnRequired(TypedDict):
    name: str  # the header text
    kind: Literal["int", "float", "bool", "datetime", "str", "object"]  # the data's type


class GridColumn(_GridColumnRequired, total=False):
    """One column of a `dataframe` / `table` (the index column too), with its column_config."""

    type: Literal[
        "text",
        "number",
        "checkbox",
        "selectbox",
        "date",
        "datetime",
        "time",
        "link",
        "image",
        "progress",
        "line_chart",
        "bar_chart",
        "area_chart",
        "list",
        "json",
        "markdown",
        "multiselect",
        "audio",
        "video",
        "button",
    ]  # how cells are drawn (absent: from `kind`)
    help: str  # header tooltip
    width: Literal["small", "medium", "large"] | int  # column width (px or a size name)
    format: str  # printf-style format of numbers (or a date format)
    min: float  # progress / chart: low end
    max: float  # progress / chart: high end
    display_text: str  # link: the text shown instead of the URL
    pinned: bool  # stays in view when the grid scrolls sideways (pinned data columns come first)
    align: Literal["left", "center", "right"]  # cells' and header's alignment (absent: by type)
    options: list[Any]  # selectbox / multiselect: the option values (as cells hold them)
    labels: list[str]  # selectbox / multiselect: each option's label (format_func), shown for its value
    colors: list[str]  # multiselect: each option's chip colour (a CSS colour or "primary")
    step: float  # progress: the shown number's precision when there is no format
    button_type: Literal["primary", "secondary", "tertiary"]  # button: its look
    button_id: str  # button with a key: a click is sent as `widget_values` {id: [row position, label]}


class _GridPageRequired(TypedDict):
    start: int  # position of the first row in the (sorted) order
    pos: list[int]  # each row's position in the original frame
    index: list[Any] | None  # the index column's cells (null: index hidden)
    cols: list[list[Any]]  # each shown column's cells, in shown order


class GridPage(_GridPageRequired, total=False):
    """Rows of a dataframe, columnar: cells are numbers, bools, null (missing), display strings,
    or lists of numbers (chart columns)."""

    bg: list[list[str | None] | None]  # a pandas Styler's cell background colours, per shown column (null: none)
    fg: list[list[str | None] | None]  # a pandas Styler's cell text colours, per shown column
    text: list[list[str | None] | None]  # a pandas Styler's formatted cell text, per shown column
    html: list[list[str | None] | None]  # markdown columns: each cell rendered (raw HTML escaped), per shown column


class _GridSelectionRequired(TypedDict):
    id: str  # widget id: the page sends its selection as `widget_values` {id: GridSelectionValue}
    value: GridSelectionValue  # what is selected


class GridSelection(_GridSelectionRequired, total=False):
    """A dataframe made a widget by `on_select`: what the viewer can select (an absent mode: none
    of that kind)."""

    mode: Literal["single-row", "multi-row", "single-row-required"]  # rows, by a checkbox column
    columns: Literal["single-column", "multi-column"]  # columns, by a header click
    cells: Literal["single-cell", "multi-cell"]  # cells, by a click (multi: a rectangle)
    names: list[str]  # with columns or cells: the shown columns' own names (not their labels)


class _GridEditColumnRequired(TypedDict):
    key: str  # the column's name in the editing state (`_index`: the index)


class GridEditColumn(_GridEditColumnRequired, total=False):
    """What the viewer may type into one column of a `data_editor` (no `editor`: read-only)."""

    editor: Literal[  # the cell editor
        "number",
        "text",
        "checkbox",
        "selectbox",
        "date",
        "datetime",
        "time",
        "link",
        "markdown",
        "multiselect",
    ]
    required: Literal[True]  # a cell may not be left empty
    integer: Literal[True]  # number: whole numbers only
    min: float | str  # lowest number, or earliest ISO date / datetime / time
    max: float | str  # highest number, or latest ISO date / datetime / time
    step: float  # number: increment (whole numbers are rounded to it); date/time: seconds
    max_chars: int  # text / link: longest text
    validate: str  # text / link: a regular expression the text must match
    options: list[Any]  # selectbox / multiselect: the values to choose from
    labels: list[str]  # selectbox / multiselect: each option's label (format_func)
    accept_new: Literal[True]  # multiselect: items not in `options` may be typed in (list columns)
    default: Any  # the value of this column in a new row


class _GridEditorRequired(TypedDict):
    id: str  # widget id: the page sends the editing state as `widget_values` {id: JSON string}
    value: str  # the editing state as JSON: {"edited_rows", "added_rows", "deleted_rows"}
    num_rows: Literal["fixed", "dynamic", "add", "delete"]  # whether rows can be added / deleted
    columns: list[GridEditColumn]  # one per shown column, in shown order
    index: GridEditColumn | None  # the index column's (null: the index is hidden)


class GridEditor(_GridEditorRequired, total=False):
    """A dataframe made editable: `jr.data_editor`. Rows are positions in the data as given; the
    page draws the editing state over the rows it fetched."""

    form_id: str  # the form it is in: its state is sent with the form's submit only
    rendered: dict[str, str]  # markdown columns: each edited cell's text -> its rendering (raw HTML escaped)


class _DataframeRequired(Laid):
    kind: Literal["dataframe"]
    data_id: str  # the rows' id (changes with the data): `data_request` asks for it
    rows: int  # row count
    columns: list[GridColumn]  # shown columns, in shown order
    index: GridColumn | None  # the index column (null: hidden)
    first: GridPage  # the first rows, unsorted, so a small frame paints at once
    height: int | None  # px (null: up to ten rows and the header)
    width: int | None  # px (null: the container's width)


class DataframeEl(_DataframeRequired, total=False):
    """An interactive grid: virtual rows fetched from the kernel page by page (`data_request`),
    sortable, resizable columns: `jr.dataframe`."""

    row_height: int  # px
    placeholder: str  # shown in empty (missing) cells (absent: "None")
    selection: GridSelection  # present when the viewer can select (on_select)
    editor: GridEditor  # present when the cells can be edited (data_editor)


class _TableRequired(Laid):
    kind: Literal["table"]
    columns: list[GridColumn]  # shown columns, in shown order
    index: GridColumn | None  # the index column (null: hidden)
    cells: GridPage  # every row shown (up to the cap)
    rows: int  # row count of the data (more than shown when capped)
    border: bool | Literal["horizontal"]  # cell borders: all, or between rows only


class TableEl(_TableRequired, total=False):
    """A static table with every row: `jr.table`."""

    hide_header: Literal[True]  # no header row


# -- containers (kind "block") ----------------------------------------------------------------


#: room between a container's children: Streamlit's names (0.25rem to 8rem), pixels, or none (null)
ContainerGap: TypeAlias = int | Literal["xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge"] | None


class _VerticalRequired(Laid):
    kind: Literal["block"]
    layout: Literal["vertical"]
    border: bool  # draw a border around it
    height: int | None  # fixed height in px, scrolling inside (null: grows)


class VerticalBlock(_VerticalRequired, total=False):
    """Children stacked top to bottom: `jr.container`; also any container the page makes itself."""

    key: str  # the container's key: the page gives it the class `st-key-<key>`
    bottom: Literal[True]  # `jr.bottom`: pinned to the bottom of the page
    horizontal: Literal[True]  # children side by side (a flex row), wrapping onto more rows unless `nowrap`
    nowrap: Literal[True]  # horizontal: one row that scrolls sideways instead of wrapping
    gap: ContainerGap  # between children (absent: "small", 1rem)
    halign: Literal["center", "right", "distribute"]  # children's horizontal alignment (absent: left)
    valign: Literal["center", "bottom", "distribute"]  # children's vertical alignment (absent: top)
    autoscroll: bool  # with a height: follow new content to the bottom (absent: only when it holds chat messages)


class _ColumnsRequired(Laid):
    kind: Literal["block"]
    layout: Literal["columns"]
    gap: Literal["small", "medium", "large"]  # space between columns
    align: Literal["top", "center", "bottom"]  # vertical alignment of the columns' content


class ColumnsBlock(_ColumnsRequired, total=False):
    """A row of `column` blocks: `jr.columns`."""

    nowrap: Literal[True]  # stay side by side on narrow screens (which otherwise stack them)


class _ColumnRequired(Laid):
    kind: Literal["block"]
    layout: Literal["column"]
    weight: float  # relative width


class ColumnBlock(_ColumnRequired, total=False):
    """One column of a `columns` row."""

    border: bool  # draw a border around the column (`columns(border=True)`)


class _ExpanderRequired(Laid):
    kind: Literal["block"]
    layout: Literal["expander"]
    label: str  # the summary text
    expanded: bool  # open at first


class ExpanderBlock(_ExpanderRequired, total=False):
    """A collapsible section with a label: `jr.expander`."""

    icon: str  # an emoji or ":material/name:" before the label
    id: str  # with on_change tracking: the widget id the page sends the open state (a bool) under
    label_html: str  # the label as inline markdown rendered in the kernel (HTML), when it has any
    type: Literal["compact", "step"]  # a small inline toggle, or a step of a timeline (absent: bordered)


class _TabsRequired(Laid):
    kind: Literal["block"]
    layout: Literal["tabs"]
    labels: list[str]  # tab names, in order


class TabsBlock(_TabsRequired, total=False):
    """A tab strip whose children are `tab` blocks: `jr.tabs`."""

    value: str  # the selected tab's label, when the script says (its `default`, or tracked)
    labels_html: list[str]  # the labels as inline markdown rendered in the kernel (HTML), when any has some
    id: str  # with on_change tracking: the widget id the page sends the selected label under


class TabBlock(Laid):
    """One tab's panel inside a `tabs` block."""

    kind: Literal["block"]
    layout: Literal["tab"]
    label: str  # its tab's name


class _FormBlockRequired(Laid):
    kind: Literal["block"]
    layout: Literal["form"]
    form_id: str  # the `form_id` its widgets carry
    border: bool  # draw a border around it
    clear_on_submit: bool  # the kernel resets its widgets after a submit


class FormBlock(_FormBlockRequired, total=False):
    """A form: its widgets send their values together when a `form_submit_button` is clicked."""

    enter_to_submit: bool  # false: Enter in a field does not submit (absent: it does, by its first submit button)


class EmptyBlock(Laid):
    """A single-slot placeholder (`jr.empty`): each write replaces its one child."""

    kind: Literal["block"]
    layout: Literal["empty"]


class _DialogRequired(Laid):
    kind: Literal["block"]
    layout: Literal["dialog"]
    title: str  # its heading
    width: Literal["small", "medium", "large"] | int  # 500, 750 or 1280 px wide, or pixels
    dismissible: bool  # Escape, × and a click outside close it
    opened: int  # the run that opened it: a new value opens it again if the viewer closed it


class DialogBlock(_DialogRequired, total=False):
    """A modal dialog (`@jr.dialog`), open while the runs call it; its child is the fragment
    container of its body."""

    position: Literal["left", "right"]  # where it sits (absent: centered)
    icon: str  # before the title: an emoji, ":material/name:" or "spinner"
    id: str  # when the viewer closes it, send `widget_values` {id: true} (on_dismiss reruns)


class _PopoverRequired(Laid):
    kind: Literal["block"]
    layout: Literal["popover"]
    label: str  # the button's text, inline markdown rendered in the kernel (HTML)
    disabled: bool  # the button cannot be pressed
    use_container_width: bool  # the button takes its container's width


class PopoverBlock(_PopoverRequired, total=False):
    """A button that opens a floating panel holding its children: `jr.popover`. Escape and a
    click outside close it; it stays open across reruns."""

    help: str  # tooltip of the button
    icon: str  # an emoji or ":material/name:" before the label
    type: Literal["primary", "secondary", "tertiary"]  # the button's style (absent: secondary)
    id: str  # with on_change tracking: the widget id the page sends the open state (a bool) under
    open: bool  # with on_change tracking: whether the panel is open


class _StatusRequired(Laid):
    kind: Literal["block"]
    layout: Literal["status"]
    label: str  # the summary text, inline markdown rendered in the kernel (HTML)
    state: Literal["running", "complete", "error"]  # its icon: a spinner, a check, an error mark
    expanded: bool  # open (changing it opens or closes the section; else the viewer's choice stays)


class StatusBlock(_StatusRequired, total=False):
    """A collapsible section with a state icon: `jr.status`. `.update()` re-sends the block and
    then its children unchanged, so the page keeps them."""

    type: Literal["compact", "step"]  # as an expander's (absent: bordered)


class _ChatMessageRequired(Laid):
    kind: Literal["block"]
    layout: Literal["chat_message"]
    name: str  # who wrote it; the message's accessible name ("Chat message from <name>")
    avatar_type: Literal["user", "assistant", "emoji", "material", "image", "initial"]  # what `avatar` is
    avatar: MediaRef  # the emoji, Material icon name, image, or initial ("" for user/assistant)


class ChatMessageBlock(_ChatMessageRequired, total=False):
    """A chat message (`jr.chat_message`): an avatar beside a stack of any elements."""

    width: int | Literal["content"]  # pixels, or as wide as its content (absent: the container's)


class _GridRequired(Laid):
    kind: Literal["block"]
    layout: Literal["grid"]
    columns: int | None  # the most columns, 1 to 24 (null: "auto", as many as fit, at most 24)


class GridBlock(_GridRequired, total=False):
    """A responsive grid whose direct children are its cells, in order: `jr.grid`. The page
    fits as many columns of `min_width` as the width allows (at most `columns`), unless
    `nowrap` keeps `columns` and scrolls sideways."""

    min_width: int  # a column's least width in px before the grid drops one (absent: 12.5rem)
    nowrap: Literal[True]  # keep `columns` at every width, scrolling sideways below `min_width`
    row_gap: ContainerGap  # between rows (absent: "small", 1rem)
    column_gap: ContainerGap  # between columns (absent: "small", 1rem)
    valign: Literal["center", "bottom"]  # the cells' content in their row (absent: top)
    border: Literal[True]  # a border around each cell
    row_height: int  # every row this many px, taller content scrolling in its cell (absent: its content's)
    dense: Literal[True]  # later cells may fill holes left by spanning ones (grid-auto-flow: dense)
    key: str  # the grid's key: the page gives it the class `st-key-<key>`


class _CellRequired(Laid):
    kind: Literal["block"]
    layout: Literal["cell"]


class CellBlock(_CellRequired, total=False):
    """A cell of a grid grouping several elements, maybe spanning tracks: `grid.cell()`."""

    span: int  # columns it spans, at most the grid's (absent: 1)
    span_all: Literal[True]  # every column, on a row of its own
    row_span: int  # rows it spans (absent: 1)


#: a container, by `layout`
BlockEl: TypeAlias = (
    VerticalBlock
    | ColumnsBlock
    | ColumnBlock
    | ExpanderBlock
    | TabsBlock
    | TabBlock
    | FormBlock
    | EmptyBlock
    | DialogBlock
    | PopoverBlock
    | StatusBlock
    | ChatMessageBlock
    | GridBlock
    | CellBlock
)


class _LinkButtonRequired(Laid):
    kind: Literal["link_button"]
    label: str  # the button's text
    url: str  # an http(s) or mailto URL, opened in a new tab (rel=noopener)
    button_type: Literal["primary", "secondary", "tertiary"]  # its colour (tertiary: text only)


class LinkButtonEl(_LinkButtonRequired, total=False):
    """A button that is a link to another site: `jr.link_button` (`on_click="ignore"`)."""

    icon: str  # before the label: an emoji, ":material/name:" or "spinner"
    label_html: str  # the label as inline-markdown HTML, when it is not plain text
    help: str  # a tooltip
    disabled: Literal[True]  # greyed out, not followed
    use_container_width: Literal[True]  # span the container's width
    icon_position: Literal["right"]  # the icon after the label (absent: before it)
    shortcut: str  # the key combination that presses it, normalized by the kernel: e.g. "ctrl+shift+k" ("ctrl" and "cmd" are the platform's primary modifier)


class _PageLinkRequired(Laid):
    kind: Literal["page_link"]
    html: str  # the label as inline-markdown HTML
    url: str  # another app's URL relative to this page's, an http(s) URL, or a page's (see `page`)


class PageLinkEl(_PageLinkRequired, total=False):
    """A link to another page of the app (same tab) or an external page (new tab):
    `jr.page_link`."""

    page: str  # a page of this multipage app: its URL path (`url` then holds it too); followed without reload

    external: Literal[True]  # an http(s) URL: opened in a new tab
    icon: str  # before the label: an emoji, ":material/name:" or "spinner"
    icon_position: Literal["right"]  # the icon after the label (absent: before it)
    help: str  # a tooltip
    disabled: Literal[True]  # greyed out, not followed
    use_container_width: Literal[True]  # span the container's width


# -- widgets (kind "widget") ------------------------------------------------------------------


class _WidgetOptional(Laid, total=False):
    label_html: str  # the label as inline-markdown HTML, when it is not plain text (as Streamlit draws it)


class WidgetBase(_WidgetOptional):
    """Fields every widget has. Its control's accessible name is always `label`."""

    kind: Literal["widget"]
    id: str  # stable across runs; the key of its value in `widget_values`
    label: str  # the control's label and accessible name
    disabled: bool  # greyed out, sends nothing
    help: str | None  # plain-text tooltip: a "?" mark after the label
    label_visibility: Literal["visible", "hidden", "collapsed"]  # hidden/collapsed: visually only
    form_id: str | None  # the form it belongs to (null outside forms): it then sends on submit only


class _ButtonRequired(WidgetBase):
    widget: Literal["button", "form_submit_button"]
    value: None  # a trigger: the page sends true on click, true for one run
    button_type: Literal["primary", "secondary", "tertiary"]  # its colour (tertiary: text only)


class ButtonEl(_ButtonRequired, total=False):
    """A button (`jr.button`), or a form's submit button (`jr.form_submit_button`)."""

    use_container_width: Literal[True]  # span the container's width
    icon: str  # before the label: an emoji, ":material/name:" or "spinner"
    icon_position: Literal["right"]  # the icon after the label (absent: before it)
    shortcut: str  # the key combination that presses it, normalized by the kernel: e.g. "ctrl+shift+k" ("ctrl" and "cmd" are the platform's primary modifier)


class _MenuButtonRequired(WidgetBase):
    widget: Literal["menu_button"]
    value: None  # a trigger that carries a value: the page sends the chosen option's index, once
    button_type: Literal["primary", "secondary", "tertiary"]  # its colour (tertiary: text only)
    options: list[str]  # the menu's items, as format_func shows them


class MenuButtonEl(_MenuButtonRequired, total=False):
    """A button that opens a menu (`jr.menu_button`); the chosen item is the script's value for
    the run it starts, then None."""

    use_container_width: Literal[True]  # span the container's width
    icon: str  # before the label: an emoji, ":material/name:" or "spinner"


class _DownloadRequired(WidgetBase):
    widget: Literal["download_button"]
    value: None  # a trigger, like a button's
    button_type: Literal["primary", "secondary", "tertiary"]  # its colour (tertiary: text only)
    src: MediaRef  # what is downloaded
    file_name: str | None  # the name it is saved as
    mimetype: str  # its MIME type
    size: int  # bytes


class DownloadButtonEl(_DownloadRequired, total=False):
    """A button that downloads a file and then triggers a run: `jr.download_button`."""

    use_container_width: Literal[True]  # span the container's width
    icon: str  # before the label: an emoji, ":material/name:" or "spinner"
    icon_position: Literal["right"]  # the icon after the label (absent: before it)
    shortcut: str  # the key combination that presses it, normalized by the kernel: e.g. "ctrl+shift+k" ("ctrl" and "cmd" are the platform's primary modifier)
    ignore_rerun: Literal[True]  # `on_click="ignore"`: a click downloads and sends nothing
    deferred: Literal[True]  # `data=` a function: `src` is empty; a click sends a `download_request`


class CheckboxEl(WidgetBase):
    """A checkbox (`jr.checkbox`) or a switch (`jr.toggle`)."""

    widget: Literal["checkbox", "toggle"]
    value: bool  # checked


class _SliderRequired(WidgetBase):
    widget: Literal["slider"]
    value: float | list[float]  # a number, or [lo, hi] for a range slider
    min: float  # lowest value
    max: float  # highest value
    step: float  # increment
    range: bool  # the value is [lo, hi]: two thumbs
    format: Literal["int", "float"]  # int: whole numbers only


class SliderEl(_SliderRequired, total=False):
    """A slider, or a range slider with two thumbs: `jr.slider`."""

    number_format: str  # printf-style format of the shown value (Streamlit's `format=`)
    time: Literal["date", "datetime", "time"]  # values in ms since 1970-01-01 (or midnight: time)
    time_format: str  # moment.js-style: YYYY YY MMMM MMM MM M DD D dddd ddd HH H hh h mm ss A a


class _NumberRequired(WidgetBase):
    widget: Literal["number_input"]
    value: float | None  # null: empty (only when the script's default is None)
    min: float | None  # lowest value (null: none)
    max: float | None  # highest value (null: none)
    step: float  # what the -/+ buttons and arrow keys add
    format: Literal["int", "float"]  # int: whole numbers only
    placeholder: str | None  # shown while empty


class NumberInputEl(_NumberRequired, total=False):
    """A number field with -/+ buttons: `jr.number_input`."""

    number_format: str  # printf-style format of the value shown while the field has no focus
    icon: str  # inside the field at the left: an emoji, ":material/name:" or "spinner"
    required: Literal[True]  # an emptied field is not applied (a form is not submitted)
    clearable: Literal[True]  # `value=None`: the viewer may empty it again (Escape), even once filled


class _TextInputRequired(WidgetBase):
    widget: Literal["text_input"]
    value: str | None  # the text (null: empty, only when the script's default is None)
    max_chars: int | None  # longest text accepted
    placeholder: str | None  # shown while empty
    password: bool  # mask the text


class TextInputEl(_TextInputRequired, total=False):
    """A one-line text field: `jr.text_input`; sends on Enter or blur."""

    autocomplete: str  # the input's autocomplete attribute ("": none)
    input_type: Literal["default", "password", "email", "url", "phone", "search"]  # the native input
    icon: str  # inside the field at the left: an emoji, ":material/name:" or "spinner"
    validate: tuple[str, str | None]  # a JavaScript regex (flags "us") a non-empty text must match; its message
    required: Literal[True]  # an empty or blank text is not applied (a form is not submitted)
    live_ms: int  # also applied after this pause in typing, in ms (0: at every change); not in forms


class _TextAreaRequired(WidgetBase):
    widget: Literal["text_area"]
    value: str | None  # the text (null: empty, only when the script's default is None)
    max_chars: int | None  # longest text accepted
    placeholder: str | None  # shown while empty
    height: int | None  # px (null: three lines)


class TextAreaEl(_TextAreaRequired, total=False):
    """A multi-line text field: `jr.text_area`; sends on Ctrl/Cmd+Enter or blur."""

    required: Literal[True]  # an empty or blank text is not applied (a form is not submitted)


class _SelectboxRequired(WidgetBase):
    widget: Literal["selectbox"]
    options: list[str]  # option labels
    value: int | str | None  # index of the chosen option (null: none chosen); text: a typed new option
    placeholder: str | None  # shown while nothing is chosen


class SelectboxEl(_SelectboxRequired, total=False):
    """A drop-down list whose options the viewer can filter by typing: `jr.selectbox`."""

    clearable: bool  # the script's index is None: the viewer may choose nothing again (Escape)
    accept_new_options: Literal[True]  # the viewer may type an option of their own (sent as text)
    filter_mode: FilterMode  # how typed text filters the options (absent: fuzzy)
    icon: str  # inside the box at the left: an emoji, ":material/name:" or "spinner"
    required: Literal[True]  # no clearing back to nothing; a form is not submitted with nothing chosen


class _RadioRequired(WidgetBase):
    widget: Literal["radio"]
    options: list[str]  # option labels
    value: int | None  # index of the chosen option (null: none chosen)
    horizontal: bool  # options side by side


class RadioEl(_RadioRequired, total=False):
    """Radio buttons: `jr.radio`."""

    captions: list[str]  # inline-markdown HTML under each option, one per option
    options_html: list[str]  # the options as inline-markdown HTML, one each; sent when any has markdown


class _MultiselectRequired(WidgetBase):
    widget: Literal["multiselect"]
    options: list[str]  # option labels
    value: list[int | str]  # indices of the chosen options, in the order chosen; text: a typed new option
    max_selections: int | None  # most options that can be chosen
    placeholder: str  # shown while nothing is chosen


class MultiselectEl(_MultiselectRequired, total=False):
    """A list where several options can be chosen, shown as removable chips: `jr.multiselect`."""

    accept_new_options: Literal[True]  # the viewer may type options of their own (sent as text)
    filter_mode: FilterMode  # how typed text filters the options (absent: fuzzy)
    icon: str  # inside the box at the left: an emoji, ":material/name:" or "spinner"
    select_all: int  # "Select all" first in the list for 2 up to this many offered (-1: always, 0: never; absent: 1000)


class _FileWidgetRequired(WidgetBase):
    widget: Literal["file_uploader", "camera_input"]
    value: list[FileRef]  # the files held (empty: none)
    multiple: bool  # more than one file
    accept: list[str] | None  # allowed extensions, e.g. [".csv"] (null: any)


class FileWidgetEl(_FileWidgetRequired, total=False):
    """A file picker (`jr.file_uploader`) or a camera photo (`jr.camera_input`); the page uploads
    the bytes over HTTP first, then sends their references as the value."""

    max_upload_size: int  # bytes per file: this uploader's own limit, at most the server's
    directory: bool  # the viewer picks a folder: all its files (multiple is true)
    camera_height: int  # camera_input(resolution=): the photo's height asked of the camera (px)


class DeckSelection(TypedDict):
    """A pydeck chart's selection, as `jr.pydeck_chart(on_select="rerun")` returns it (under
    `selection`) and the page sends it: by layer id, the same layers in both."""

    indices: dict[str, list[int]]  # the selected objects' indices in their layer's data
    objects: dict[str, list[dict[str, Any]]]  # the selected objects themselves (their data rows)


class _PydeckSelectRequired(WidgetBase):
    widget: Literal["pydeck_chart"]
    value: DeckSelection  # the current selection (empty objects: none)
    spec: str  # deck.gl JSON text (pydeck's `to_json`)
    height: int  # pixels
    selection_mode: Literal["single-object", "multi-object"]  # one object, or a click adds or removes one


class PydeckSelectEl(_PydeckSelectRequired, total=False):
    """A pydeck chart whose clicks on objects rerun the script: `jr.pydeck_chart(on_select=...)`."""

    width: int  # pixels (absent: the container's width)
    basemap: Literal[True]  # the spec wants map tiles: offline, a note says they are unavailable
    tooltip: Any  # pydeck's tooltip, as a deck element's
    alt: str  # the chart's description for screen readers


class PlotlySelectEl(WidgetBase):
    """A Plotly chart whose selections rerun the script: `jr.plotly_chart(on_select=...)`."""

    widget: Literal["plotly_chart"]
    value: PlotlySelection  # the current selection (empty lists: none)
    spec: str  # the figure as Plotly JSON text (`plotly.io.to_json`)
    config: dict[str, Any]  # plotly.js config options, passed through
    theme: Literal["streamlit"] | None  # "streamlit": the page's colours, light or dark; null: Plotly's own
    use_container_width: bool  # as wide as the container (else the figure's own width, at most that)
    selection_mode: list[Literal["points", "box", "lasso"]]  # the selections the viewer can make


class _EChartsSelectRequired(WidgetBase):
    widget: Literal["echarts_chart"]
    value: EChartsSelection  # the current selection (empty lists: none)
    spec: str  # the ECharts option as JSON text
    theme: Literal["streamlit"] | None  # as the echarts_chart element's
    renderer: Literal["canvas", "svg"]  # ECharts' renderer
    height: int | Literal["stretch"]  # pixels, or the container's height (at least 350 px)


class EChartsSelectEl(_EChartsSelectRequired, total=False):
    """An ECharts chart whose selections rerun the script: `jr.echarts_chart(on_select=...)`."""

    width: int  # width="content": the chart's width in px (absent: the container's)
    description: str  # alt: the chart's accessible name


class VegaLiteChartWidgetEl(WidgetBase):
    """A Vega-Lite chart whose selections rerun the script (`on_select`); the value is
    `{"selection": {param: ...}}` as a JSON string: a point selection's value is a list of the
    chosen data objects, an interval's an object of field -> [low, high]."""

    widget: Literal["vega_lite_chart"]
    value: str  # the selection state as JSON
    chart: VegaLiteEl  # the chart, as a `vega_lite` element would show it
    selections: dict[str, Literal["point", "interval"]]  # the selection parameters it reports


class _ButtonGroupRequired(WidgetBase):
    widget: Literal["pills", "segmented_control"]
    options: list[str]  # option labels as inline-markdown HTML (icons, emoji)
    value: int | list[int] | None  # single: the chosen index or null; multi: the chosen indices
    multi: bool  # several options can be chosen


class ButtonGroupEl(_ButtonGroupRequired, total=False):
    """A row of toggle buttons: pills (`jr.pills`) or joined segments (`jr.segmented_control`);
    a click on the chosen option deselects it unless `required`."""

    required: Literal[True]  # single mode: an option is always chosen
    use_container_width: Literal[True]  # span the container's width


class _FeedbackRequired(WidgetBase):
    widget: Literal["feedback"]
    options: Literal["thumbs", "faces", "stars"]  # the icons: 2 thumbs, 5 faces or 5 stars
    value: int | None  # the chosen index, 0 least satisfied (null: none)


class FeedbackEl(_FeedbackRequired, total=False):
    """Rating icons: `jr.feedback`; a click on the chosen icon clears it."""

    use_container_width: Literal[True]  # span the container's width


class PaginationEl(WidgetBase):
    """Page numbers with previous and next: `jr.pagination`; the value is the chosen page."""

    widget: Literal["pagination"]
    value: int  # the current page, from 1
    num_pages: int  # the last page
    max_visible: int | None  # page buttons shown at most, ellipses for the rest (null: all)


class AudioInputEl(WidgetBase):
    """A microphone recorder: `jr.audio_input`; the page encodes the recording as a WAV,
    uploads it over HTTP like a file, then sends its reference as the value."""

    widget: Literal["audio_input"]
    value: list[FileRef]  # the recording held (empty: none)
    sample_rate: int | None  # Hz of the WAV (null: the microphone's own)


class _LinkButtonWidgetRequired(WidgetBase):
    widget: Literal["link_button"]
    value: None  # a trigger: the page sends true on click (and opens the link), true for one run
    url: str  # an http(s) or mailto URL, opened in a new tab (rel=noopener)
    button_type: Literal["primary", "secondary", "tertiary"]  # its colour (tertiary: text only)


class LinkButtonWidgetEl(_LinkButtonWidgetRequired, total=False):
    """A link button that also reruns the script: `jr.link_button(on_click="rerun" | callable)`."""

    icon: str  # before the label: an emoji, ":material/name:" or "spinner"
    icon_position: Literal["right"]  # the icon after the label (absent: before it)
    shortcut: str  # the key combination that presses it, normalized by the kernel: e.g. "ctrl+shift+k" ("ctrl" and "cmd" are the platform's primary modifier)
    use_container_width: Literal[True]  # span the container's width


class _DateInputRequired(WidgetBase):
    widget: Literal["date_input"]
    value: str | list[str] | None  # the date (null: empty), or for a range 0 to 2 dates
    min: str  # earliest date that can be picked
    max: str  # latest date that can be picked
    range: bool  # the value is a list: a start and an end, picked one after the other
    format: str  # how dates are shown and typed, e.g. "YYYY/MM/DD", "DD.MM.YYYY"
    default: str | list[str] | None  # the starting value (null: `value=None`, may be cleared); emptied, it is back


class DateInputEl(_DateInputRequired, total=False):
    """A date field with a calendar (`jr.date_input`); dates are ISO text `YYYY-MM-DD`."""

    required: Literal[True]  # an empty date (or an incomplete range) is not applied; a form is not submitted


class _TimeInputRequired(WidgetBase):
    widget: Literal["time_input"]
    value: str | None  # "HH:MM" or "HH:MM:SS" (null: empty)
    step: int  # seconds between the listed times
    format: Literal["12h", "24h", "localized"]  # how times are shown
    default: str | None  # the script's starting value (null: `value=None`: the field may be emptied)


class TimeInputEl(_TimeInputRequired, total=False):
    """A time field with a list of times: `jr.time_input`."""

    required: Literal[True]  # an emptied field is not applied; a form is not submitted


class _DatetimeInputRequired(WidgetBase):
    widget: Literal["datetime_input"]
    value: str | None  # "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS", naive (null: empty)
    min: str  # earliest datetime that can be picked, in the same form
    max: str  # latest datetime that can be picked
    step: int  # seconds between the listed times
    format: str  # how the date is shown and typed, e.g. "YYYY/MM/DD"


class DatetimeInputEl(_DatetimeInputRequired, total=False):
    """A date field with a calendar beside a time field: `jr.datetime_input`."""

    required: Literal[True]  # an emptied date or time is not applied; a form is not submitted


class ColorPickerEl(WidgetBase):
    """A colour swatch that opens a colour chooser: `jr.color_picker`."""

    widget: Literal["color_picker"]
    value: str  # "#rrggbb"


class SelectSliderEl(WidgetBase):
    """A slider over a list of options: `jr.select_slider`."""

    widget: Literal["select_slider"]
    options: list[str]  # option labels, in order
    value: int | list[int]  # index of the chosen option, or [start, end] for a range
    range: bool  # two thumbs


class _ChatInputRequired(WidgetBase):
    widget: Literal["chat_input"]
    value: None  # a trigger: the page sends [text, file refs...] on submit, the message for one run
    placeholder: str  # grey text while empty; also its accessible name
    max_chars: int | None  # longest message accepted
    accept_file: bool | Literal["multiple", "directory"]  # attachments: none, one, several, a folder's
    file_type: list[str] | None  # allowed files: ".ext", "type/subtype" or "type/*" (null: any)
    position: Literal["bottom", "inline"]  # bottom: pinned to the bottom of the page


class ChatInputEl(_ChatInputRequired, total=False):
    """A chat input (`jr.chat_input`): Enter sends the message (and its uploaded files), Shift+Enter
    is a new line. Its wire value is a list: the text, then the files' references."""

    max_upload_size: int  # bytes per file
    width: int  # pixels (absent: the container's width)
    accept_audio: bool  # a microphone button: the recording goes with the text, marked `audio: true`
    audio_sample_rate: int | None  # the recording's WAV rate in Hz (null: the browser's)
    height: int | Literal["stretch"]  # px: its least height (it still grows with the text); or its container's
    submit_mode: Literal["disable"]  # greyed out from a submission until the run it starts ends
    text: str  # text the script set through session_state[key]: put in the box, unsent
    text_run: int  # the run that set `text`: the page puts it in once per run that sets it


class ArrowArg(TypedDict):
    """A DataFrame argument of a custom component: three Arrow IPC streams, as Streamlit's
    component-lib reads them (`ArrowTable(data, index, columns)`)."""

    data: MediaRef  # the values
    index: MediaRef  # the index, as a one-or-more-column table
    columns: MediaRef  # the column labels, as a table


class _ComponentRequired(WidgetBase):
    widget: Literal["component"]
    value: ComponentValue | None  # what the frame set last (null: nothing yet)
    component: str  # the declared name (`module.name`): its files are at the session's component_url/<name>/
    args: dict[str, Any]  # the JSON arguments, `default` and `key` included (Streamlit's `args`)


class ComponentEl(_ComponentRequired, total=False):
    """A custom component (`declare_component`): its frontend in a sandboxed frame that speaks
    Streamlit's component protocol (`streamlit:render` in; `componentReady`, `setComponentValue`,
    `setFrameHeight` out)."""

    url: str  # a component served elsewhere (a dev server): the frame's URL instead of the files
    bytes_args: dict[str, MediaRef]  # bytes arguments, given to the frame as Uint8Arrays
    dfs: dict[str, ArrowArg]  # DataFrame arguments, given to the frame as Arrow tables
    tab_index: int  # the frame's tabindex


class _ComponentV2Required(WidgetBase):
    widget: Literal["component_v2"]
    value: ComponentV2State  # the state values the script sees (its `default`s included)
    component: str  # the name given to `components.v2.component`
    trigger_id: str  # the widget id its triggers (`setTriggerValue`) are sent under
    isolate_styles: bool  # true: html and css go in a shadow root (`parentElement` is it)
    source: MediaRef  # its code: a JSON document `{html, css, js}` (js: an ES module)


class ComponentV2El(_ComponentV2Required, total=False):
    """A `components.v2` component instance: its html, css and ES-module js run in a sandboxed
    frame of an opaque origin; the module's default export gets `{name, key, data,
    parentElement, setStateValue, setTriggerValue}`. `data` is one of the `data*` fields."""

    data: Any  # JSON data; a table of mixed data is `{"__streamlit_arrow_ref__": id}` in it
    data_bytes: MediaRef  # bytes data: a Uint8Array in the frame
    data_table: MediaRef  # a table: one Arrow IPC stream (a Uint8Array in the frame)
    data_tables: dict[str, MediaRef]  # the tables of mixed data, by placeholder id


#: an input widget, by `widget`
WidgetEl: TypeAlias = (
    ComponentEl
    | ComponentV2El
    | ButtonEl
    | MenuButtonEl
    | DownloadButtonEl
    | CheckboxEl
    | SliderEl
    | NumberInputEl
    | TextInputEl
    | TextAreaEl
    | SelectboxEl
    | RadioEl
    | MultiselectEl
    | FileWidgetEl
    | PlotlySelectEl
    | PydeckSelectEl
    | EChartsSelectEl
    | VegaLiteChartWidgetEl
    | ButtonGroupEl
    | FeedbackEl
    | PaginationEl
    | AudioInputEl
    | LinkButtonWidgetEl
    | DateInputEl
    | DatetimeInputEl
    | TimeInputEl
    | ColorPickerEl
    | SelectSliderEl
    | ChatInputEl
)

#: anything the page shows at a path, by `kind`
Element: TypeAlias = (
    MarkdownEl
    | TextEl
    | CodeEl
    | JsonEl
    | MetricEl
    | DividerEl
    | SpaceEl
    | HtmlEl
    | AlertEl
    | ExceptionEl
    | ImageEl
    | AudioEl
    | VideoEl
    | ProgressEl
    | SpinnerEl
    | SkeletonEl
    | PlotlyChartEl
    | EChartsChartEl
    | BokehChartEl
    | IframeEl
    | DocumentEl
    | LogoEl
    | DeckEl
    | GraphvizEl
    | MermaidEl
    | VegaLiteEl
    | DataframeEl
    | TableEl
    | ToastEl
    | CelebrationEl
    | HelpEl
    | BlockEl
    | WidgetEl
    | LinkButtonEl
    | PageLinkEl
)

# -- browser -> server ------------------------------------------------------------------------


class _HelloRequired(TypedDict):
    type: Literal["hello"]
    protocol: int  # must equal the server's protocol version


class HelloMsg(_HelloRequired, total=False):
    """First message of a socket: a new session, or with both ids a resume of a detached one.
    A new session's hello may be the socket URL's query instead (`?hello=1`). A resume carries
    the tab's fields too: when its session is not on this server (its replica stopped), the
    session started for it (restored from the shared store, or new) uses them."""

    session_id: str  # the session to resume
    resume_token: str  # its secret, from the `session` message
    page: str  # a new session: the URL path of the app's page the tab is at ("" the default page)
    query: str  # a new session: the tab URL's query string (without "?"): `jr.query_params`
    url: str  # a new session: the tab's URL (`jr.context.url`)
    locale: str  # a new session: `navigator.language` (`jr.context.locale`)
    timezone: str  # a new session: the browser's IANA time zone (`jr.context.timezone`)
    timezone_offset: int  # a new session: minutes from local time to UTC, as JavaScript's
    theme: Literal["light", "dark"]  # a new session: the page's colour scheme (`jr.context.theme`)


class WidgetValuesMsg(TypedDict):
    """One widget changed, or a form was submitted (its widgets' values and the button's true)."""

    type: Literal["widget_values"]
    values: dict[str, WidgetValue]  # widget id -> value


class RerunMsg(TypedDict):
    """Rerun the script with the current values (the Rerun button, the R key)."""

    type: Literal["rerun"]


class StopMsg(TypedDict):
    """Stop the run in flight."""

    type: Literal["stop"]


class RunOnSaveMsg(TypedDict):
    """Turn this session's rerun-on-save on or off (the page's "Always rerun", or the lab panel's toggle)."""

    type: Literal["run_on_save"]
    enabled: bool  # true: rerun by itself whenever the source or an app-folder module changes


class ClearCacheMsg(TypedDict):
    """Clear the app's caches (the app menu's "Clear cache", the C key): the kernel forgets every
    `cache_data` and `cache_resource` result, and `cache_data`'s shared store its entries. Only
    where the page's toolbar mode is "developer"; refused with an error notice otherwise."""

    type: Literal["clear_cache"]


class ThemeMsg(TypedDict):
    """The page's colour scheme changed (the app menu's theme, the browser's preference, the lab's
    theme): `jr.context.theme` says so from the next run. Nothing reruns for it (as Streamlit 1.67:
    the next run, whatever starts it, sees the new scheme)."""

    type: Literal["theme"]
    theme: Literal["light", "dark"]  # the scheme the page shows now


class DataRequestMsg(TypedDict):
    """Rows `start..stop` (at most 1000) of dataframe `id`, in the order `sort` gives; answered
    by a `data_page` with the same `id` and `seq`."""

    type: Literal["data_request"]
    id: str  # the element's `data_id`
    start: int  # first row (of the sorted order)
    stop: int  # one past the last row
    sort: list[list[Any]] | None  # [[column position (-1: index), ascending], ...] (null: as given)
    seq: int  # the page's counter, echoed


class DownloadRequestMsg(TypedDict):
    """The viewer clicked a download button whose data is made on click (`data=` a function):
    answered by a `download_ready` with the same `id` and `seq`."""

    type: Literal["download_request"]
    id: str  # the download button's widget id
    seq: int  # the page's counter, echoed


class NavigateMsg(TypedDict):
    """The viewer moved to another page of the app (a navigation link, a `page_link`, back or
    forward): the kernel reruns with that page and query string."""

    type: Literal["navigate"]
    page: str  # the page's URL path ("" the default page)
    query: str  # the URL's query string, without "?" (`jr.query_params`)
    seq: int  # the page's counter, echoed in `navigation` and `query_params`


#: what the page sends
ClientMessage: TypeAlias = (
    HelloMsg
    | WidgetValuesMsg
    | RerunMsg
    | StopMsg
    | DataRequestMsg
    | DownloadRequestMsg
    | RunOnSaveMsg
    | NavigateMsg
    | ClearCacheMsg
    | ThemeMsg
)

# -- server/kernel -> browser -----------------------------------------------------------------


class _SessionRequired(TypedDict):
    type: Literal["session"]
    session_id: str  # keep it to resume after a reconnect
    resume_token: str  # the session's secret: kept in memory only
    resumed: bool  # an existing session (a snapshot follows) or a new one
    script: str  # the app's path
    title: str  # the page title
    upload_url: str  # POST uploads here, one file per request, + "/" + widget id
    upload_token: str  # send as X-Reactive-Upload-Token with each upload
    max_upload_size: int  # bytes; bigger files are refused
    component_url: str  # custom components' files: + "/" + component name + "/" + file


class SessionMsg(_SessionRequired, total=False):
    """The socket is bound to a session (sent by the server after `hello`)."""

    restored: bool  # a new session started from the state its tab's old session saved on another replica
    run_on_save: bool  # the session reruns by itself when the app's files change (the menu's Settings show it)


class PathEl(TypedDict):
    """An element and where it goes."""

    path: Path  # [root, i, j...]: root 0 is main, 1 the sidebar; then child indices
    el: Element  # the element


class DeltaItem(PathEl, total=False):
    """An element of a `deltas` message."""

    media: list[str]  # content hashes it shows (the server keeps them alive while shown)


class _SnapshotRequired(TypedDict):
    type: Literal["snapshot"]
    elements: list[PathEl]  # every element, parents first
    running: bool  # a run is in flight
    media: dict[str, str]  # content hash -> URL, for the media the elements show


class SnapshotMsg(_SnapshotRequired, total=False):
    """The whole page (after a resume or a kernel restart): replaces everything."""

    page_config: PageConfigMsg  # the sum of the run's `set_page_config` calls, if any
    navigation: NavigationMsg  # the app's pages, if it has several


class MediaMsg(TypedDict):
    """Which URL serves a content hash (sent by the server before the elements that show it)."""

    type: Literal["media"]
    sha: str  # the content hash in `{"media": sha}` references
    url: str  # where the page fetches it


class _RunStartedRequired(TypedDict):
    type: Literal["run_started"]
    run: int  # run number, from 1
    widgets: dict[str, Any]  # widget id -> value from the page that this run took in


class RunStartedMsg(_RunStartedRequired, total=False):
    """A run began: mark the page stale, show the running indicator. A widget whose last sent
    value is listed accepts server values again (until then echoes of older values are ignored,
    so fast typing or dragging is never clobbered)."""

    fragments: list[Path]  # a fragment run: only these containers are redrawn (and go stale)


class DeltasMsg(TypedDict):
    """Set each element at its path (containers are created on the way)."""

    type: Literal["deltas"]
    run: int  # the run they belong to
    items: list[DeltaItem]  # in order


class RunFinishedMsg(TypedDict):
    """The run ended: apply the trims; clear stale marks unless a rerun follows."""

    type: Literal["run_finished"]
    run: int  # the run that ended
    status: Literal["complete", "rerun", "stopped", "error", "interrupted"]  # how it ended
    trims: list[Trim]  # what the run did not redraw


class AckMsg(TypedDict):
    """Values the kernel took in without a run (they change nothing): as in `run_started`,
    those widgets accept server values again. Empty: an event taken in that waits for the run
    in flight to end (a fragment's widget); the server then stops waiting for that run to yield."""

    type: Literal["ack"]
    widgets: dict[str, Any]  # widget id -> value


class TrimMsg(TypedDict):
    """Drop children now, during a run (a placeholder's `.empty()`, a finished spinner)."""

    type: Literal["trim"]
    trims: list[Trim]  # containers and the children they keep


class _NoticeRequired(TypedDict):
    type: Literal["notice"]
    level: Level  # its colour
    message: str  # plain text


class NoticeMsg(_NoticeRequired, total=False):
    """A toast: a refused widget value, a restarted kernel, an ended session."""

    sticky: Literal[True]  # stays until dismissed


class PageIcon(TypedDict, total=False):
    """A favicon: one of the three fields."""

    emoji: str  # an emoji or short text, drawn into an SVG icon by the page
    url: str  # an image URL (a script's own image arrives as a data: URL)
    material: str  # a Material Symbols icon's name (`:material/name:`), drawn by the page


class MenuItems(TypedDict, total=False):
    """`set_page_config(menu_items=...)`: what the app menu adds (each only when given)."""

    get_help: str  # "Get help": an http(s) or mailto URL
    report_bug: str  # "Report a bug": an http(s) or mailto URL
    about: str  # "About": the markdown rendered to HTML by the kernel (raw HTML escaped)


class _PageConfigRequired(TypedDict):
    type: Literal["page_config"]


class PageConfigMsg(_PageConfigRequired, total=False):
    """`set_page_config`: page-wide settings; each message changes only the fields it has, and the
    server's mirror replays their sum in `snapshot`."""

    title: str  # the browser tab's title
    icon: PageIcon  # the tab's icon
    wide: bool  # layout="wide": the full width; false: a readable column ("centered")
    sidebar: Literal["auto", "expanded", "collapsed"]  # initial state, before the viewer toggles
    menu_items: MenuItems  # the app menu's links and About text; replaces the previous call's whole


class ErrorMsg(TypedDict):
    """A refused frame from the page; the socket stays open unless the server closes it."""

    type: Literal["error"]
    error: str  # machine-readable reason: bad_message, no_session
    message: str  # human-readable reason


class _DataPageRequired(TypedDict):
    type: Literal["data_page"]
    id: str  # the dataframe's `data_id`
    seq: int  # the request's `seq`
    rows: int  # the frame's row count


class DataPageMsg(_DataPageRequired, total=False):
    """The kernel's answer to a `data_request` (forwarded, never kept in the server's mirror):
    `page`, or `error` when the dataframe is gone or the request is refused."""

    page: GridPage  # the rows asked for
    error: str  # why there are no rows


class _DownloadReadyRequired(TypedDict):
    type: Literal["download_ready"]
    id: str  # the download button's widget id
    seq: int  # the request's


class DownloadReadyMsg(_DownloadReadyRequired, total=False):
    """The file a `download_request` asked for, made by the app's function (after a `media`
    message with its URL), or `error` when the function failed or the button is gone."""

    src: MediaRef  # what is downloaded
    file_name: str  # the name it is saved as
    mimetype: str  # its MIME type
    error: str  # why there is no file


class AddRowsMsg(TypedDict):
    """`add_rows` on a chart: rows appended to the datasets of the `vega_lite` element at `path`,
    inserted into the drawn chart (the server's mirror appends them too, so a snapshot holds them)."""

    type: Literal["add_rows"]
    path: Path  # the chart element
    datasets: dict[str, ChartData]  # dataset name -> the new rows only (same columns as the element's)


class SourceChangedMsg(TypedDict):
    """The app's file, or a module it imports from its folder, changed on disk since this
    session's last run: the page offers Rerun and Always rerun (not sent to a session that
    reruns on save: it just reruns)."""

    type: Literal["source_changed"]
    files: list[str]  # what changed, relative to the app's folder (e.g. `app.py`, `lib/util.py`)


class _NavPageRequired(TypedDict):
    url_path: str  # its URL path after the app's URL ("" the default page)
    title: str  # its label


class NavPage(_NavPageRequired, total=False):
    """One page in a `navigation` message."""

    icon: str  # an emoji or ":material/name:" before the title
    section: str  # the section it is listed under
    hidden: Literal[True]  # not listed (reachable by its URL, page_link and switch_page)
    help: str  # a tooltip on its link


class _NavigationRequired(TypedDict):
    type: Literal["navigation"]
    pages: list[NavPage]  # in order (empty: the app no longer shows a navigation)
    current: str  # the URL path of the page this run shows ("" the default page)
    seq: int  # the last `navigate` counter the kernel took in


class NavigationMsg(_NavigationRequired, total=False):
    """A multipage app's pages (`jr.navigation`, or the `pages/` folder) and the page this run
    shows. The page moves its URL to the current page (with `query`): a new history entry if
    `push`, else in place; a message whose `seq` is older than the page's last `navigate` does
    not move the URL (the viewer has moved on)."""

    position: Literal["sidebar", "top", "hidden"]  # where the links are shown
    expanded: int  # pages the sidebar lists before a "View more" button (0: all)
    query: str  # the query string of the current page's URL
    title: str  # the browser tab's title (absent: set_page_config set one in this run)
    push: Literal[True]  # `switch_page`: the URL change is a new history entry


class _QueryParamsRequired(TypedDict):
    type: Literal["query_params"]
    query: str  # the whole query string, without "?"
    seq: int  # as in `navigation`


class QueryParamsMsg(_QueryParamsRequired, total=False):
    """`jr.query_params` changed, or a widget bound to the URL: the page's URL gets this query
    string, in place (history.replaceState) or as a new history entry if `push`; a message whose
    `seq` is older than the page's last `navigate` does not move the URL."""

    push: Literal[True]  # a write through `jr.query_params` (Streamlit 1.67 pushes these)


class BatchMsg(TypedDict):
    """Several of the kernel's frames in one binary WebSocket message, sent only on a socket
    whose URL asks for them (`?frames=batch`, as the page's does): the frames of one kernel
    message (a run's `run_started`, deltas and `run_finished`), applied by the page in one go."""

    type: Literal["batch"]
    sizes: list[int]  # the byte length of each frame; the payload is the frames back to back


#: what the page receives: the server's own messages (text frames) and the kernel's (binary)
PageMessage: TypeAlias = (
    SessionMsg
    | SnapshotMsg
    | MediaMsg
    | RunStartedMsg
    | DeltasMsg
    | RunFinishedMsg
    | AckMsg
    | TrimMsg
    | NoticeMsg
    | PageConfigMsg
    | ErrorMsg
    | DataPageMsg
    | DownloadReadyMsg
    | AddRowsMsg
    | SourceChangedMsg
    | NavigationMsg
    | QueryParamsMsg
    | BatchMsg
)

# -- kernel -> server (frames the server reads and does not forward) --------------------------


class MediaBlobMsg(TypedDict):
    """Media bytes in the frame's payload, sent once before the elements that refer to them; the
    server stores them and sends the page a `media` message instead."""

    type: Literal["media"]
    sha: str  # sha256 of the payload
    mimetype: str  # the bytes' MIME type
    filename: str | None  # a download's file name


class WatchMsg(TypedDict):
    """The app-folder module files this kernel has imported (sent at the end of a run when
    they changed); the server watches them for changes."""

    type: Literal["watch"]
    files: list[str]  # absolute paths inside the app's folder


class ComponentFolderMsg(TypedDict):
    """A declared component's build folder (in the kernel's file system), sent before the first
    element that shows it: the server serves the folder's files to this session's page under
    `reactive/component/...` and never tells the page the path."""

    type: Literal["component_folder"]
    name: str  # the component's name (as in its element)
    path: str  # its absolute folder


class _CacheRequestRequired(TypedDict):
    type: Literal["cache"]
    op: Literal["get", "put", "abandon", "clear"]  # read / store / "my computation failed" / forget


class CacheRequestMsg(_CacheRequestRequired, total=False):
    """A `cache_data` request to the server's cache store (value to store in the payload); the
    server answers `get` with a `cache` command, and nothing else."""

    id: int  # get: echoed in the answer
    fn: str | None  # sha256 of the function's identity and code (clear: None = every function)
    key: str  # sha256 of the call's arguments (clear: absent = all the function's)
    persist: bool  # persist="disk": the store that outlives the server
    wait: bool  # get: wait for another session computing this key
    ttl: float | None  # put: seconds the result lives
    max_entries: int | None  # put: the function's cap on entries
    name: str  # put: the function's name, for messages


class StateMsg(TypedDict):
    """The kernel's `session_state` after a finished run, pickled (in the frame's payload), for
    the server to save in the shared store (`server/persist.py`); sent only when it changed and
    only when the session saves state. Never forwarded to the page."""

    type: Literal["state"]
    size: int  # bytes of the payload


class StreamMsg(TypedDict):
    """Text the app wrote to `sys.stdout` or `sys.stderr`, sent by a kernel on the direct channel
    in order with its other frames (a print before an element reaches the server before that
    element); the server logs it, as it logs a comm kernel's iopub `stream` messages. Never
    forwarded to the page."""

    type: Literal["stream"]
    name: Literal["stdout", "stderr"]  # the stream written to
    text: str  # what was written since the last frame (consecutive writes joined)


#: binary frames a kernel sends on its out comm (all but `media`, `watch`,
#: `component_folder`, `cache`, `state` and `stream` are forwarded to the page as is)
KernelFrame: TypeAlias = (
    ComponentFolderMsg
    | StateMsg
    | StreamMsg
    | RunStartedMsg
    | DeltasMsg
    | RunFinishedMsg
    | AckMsg
    | TrimMsg
    | NoticeMsg
    | PageConfigMsg
    | MediaBlobMsg
    | DataPageMsg
    | DownloadReadyMsg
    | AddRowsMsg
    | WatchMsg
    | NavigationMsg
    | QueryParamsMsg
    | CacheRequestMsg
)

# -- server -> kernel (comm data) -------------------------------------------------------------


class SecretsPayload(TypedDict, total=False):
    """The app's secrets as the server read them (`server/secrets.py`): values, or an error."""

    values: dict[str, Any] | None  # the merged files (null: no file found)
    error: str  # a file that does not parse, named (never its content)
    looked_in: list[str]  # where the files were looked for, as shown names


class KernelClient(TypedDict, total=False):
    """What the session knows of its tab, for `jr.context` (each field only when known)."""

    headers: list[list[str]]  # [name, value] of the upgrade request, credentials left out
    cookies: dict[str, str]  # its cookies, the server's own left out
    ip_address: str  # the viewer's address as the server sees it
    url: str  # the page's URL
    locale: str  # navigator.language
    timezone: str  # IANA time zone
    timezone_offset: int  # minutes from local time to UTC
    theme: Literal["light", "dark"]  # the page's colour scheme


class _KernelOpenRequired(TypedDict):
    source: str  # the script's text (empty when it cannot be read)
    filename: str  # its file, for tracebacks
    out_comm_id: str  # the comm the kernel opens to answer on
    widget_values: dict[str, Any]  # values to restore (a replaced kernel)
    session_id: str  # for logs
    inline_threshold: int  # media up to this many bytes go inline as data: URIs
    secrets: SecretsPayload  # the app's secrets (never sent to the page)
    cache_store: bool  # cache_data asks the server's shared store (else: this kernel's memory only)
    memory_limit: int  # bytes the kernel's heap may reach (RLIMIT_DATA); 0: no limit


class _KernelPersistRequired(TypedDict):
    max_bytes: int  # the cap of the session_state payload (ReactiveApp.persist_state_max_bytes)


class KernelPersist(_KernelPersistRequired, total=False):
    """The session saves its `session_state` after each run (`state` frames; a shared store)."""

    buffer: int  # index of the comm buffer holding the session_state to restore before the first run


class DirectOffer(TypedDict):
    """A local kernel's way to the server's direct channel (server/direct.py): a private Unix
    socket and the one-time token to present on it."""

    path: str  # the socket, in a folder only this user can open
    token: str  # single use; the connection is closed without it


class KernelOpen(_KernelOpenRequired, total=False):
    """The comm_open data that starts the app in a kernel."""

    source_error: str  # the script cannot be read: why (each run shows it as the app's error)
    page: str  # the URL path of the page to show first ("" the default page)
    query: str  # the tab URL's query string (`jr.query_params`)
    seq: int  # the page's last `navigate` counter (a replaced kernel)
    client: KernelClient  # `jr.context`
    persist: KernelPersist  # save session_state after each run; restore one
    direct: DirectOffer  # local kernels: move the session's traffic to this socket once open
    options: dict[str, Any]  # Streamlit's options set for the app ("theme.primaryColor": ...; get_option)
    argv: list[str]  # the script's arguments, sys.argv[1:] (`serve app.py -- ARGS`; absent: none)


class KernelWidgetValues(TypedDict):
    """Widget values from the page, with the bytes of uploaded files as comm buffers."""

    kind: Literal["widget_values"]
    values: dict[str, Any]  # widget id -> value (file references without receipts)
    files: dict[str, int]  # uploaded file id -> index of its buffer


class KernelRerun(TypedDict):
    """Rerun with the current values."""

    kind: Literal["rerun"]


class KernelStop(TypedDict):
    """Stop the run in flight."""

    kind: Literal["stop"]


class _KernelSourceRequired(TypedDict):
    kind: Literal["source"]
    source: str  # the new script text (empty when it cannot be read)


class KernelSource(_KernelSourceRequired, total=False):
    """The app's file changed: the next run (of the app or a fragment) runs the new text. Sent
    before any event that starts a run whenever the file changed; it does not rerun itself."""

    error: str  # the file cannot be read: why (the next run shows it as the app's error)


class KernelShutdown(TypedDict):
    """End the serve loop: the session is over."""

    kind: Literal["shutdown"]


class KernelDataRequest(TypedDict):
    """A page's `data_request`, validated by the server, answered on the subshell thread."""

    kind: Literal["data_request"]
    id: str  # the dataframe's `data_id`
    start: int  # first row
    stop: int  # one past the last row
    sort: list[list[Any]] | None  # [[column position, ascending], ...]
    seq: int  # echoed in the reply


class KernelDownloadRequest(TypedDict):
    """A page's `download_request`, validated by the server: the kernel calls the button's
    function on a thread of its own and answers with a `download_ready`."""

    kind: Literal["download_request"]
    id: str  # the download button's widget id
    seq: int  # echoed in the reply


class KernelFiles(TypedDict):
    """For a kernel on a gateway, which holds a copy of the app's folder: the files edited on
    the server since, as a zip in the message's buffer, and those removed."""

    kind: Literal["files"]
    gone: list[str]  # relative names of files removed


class KernelNavigate(TypedDict):
    """A page's `navigate`, validated by the server: the next run shows that page."""

    kind: Literal["navigate"]
    page: str  # the page's URL path
    query: str  # the URL's query string
    seq: int  # the page's counter


class KernelTheme(TypedDict):
    """A page's `theme`, validated by the server: `jr.context.theme` from the next run on."""

    kind: Literal["theme"]
    theme: Literal["light", "dark"]  # the page's colour scheme now


class KernelSecrets(TypedDict):
    """A secrets file changed: the runs from now on read these."""

    kind: Literal["secrets"]
    secrets: SecretsPayload  # as in KernelOpen


class _KernelCacheRequired(TypedDict):
    kind: Literal["cache"]
    status: Literal["hit", "miss", "busy", "error", "cleared"]  # miss: compute it, then put it


class KernelCache(_KernelCacheRequired, total=False):
    """The answer to a cache `get` (a hit's value as the comm buffer), or, without `id`, word
    that another session cleared `fn` (None: every function) so the kernel forgets it too."""

    id: int  # the request's
    expires_in: float | None  # hit: seconds left of its ttl
    message: str  # error: why (safe to show)
    fn: str | None  # cleared: the function
    key: str  # cleared: the one call (absent: all of the function's)


class KernelClearCache(TypedDict):
    """A page's `clear_cache`, allowed by the server: forget every `cache_data` result (here, in
    the shared store and so in the app's other sessions) and this kernel's `cache_resource` ones."""

    kind: Literal["clear_cache"]


class KernelDirect(TypedDict):
    """Sent on the comm as the server moves the session to the direct channel: every message
    after it comes over the channel. The kernel holds the channel's records until it has this
    (the comm's messages before it are handled first), so none overtakes one still in flight on
    the comm."""

    kind: Literal["direct"]


#: comm data the server sends a running app's kernel, by `kind`
KernelCommand: TypeAlias = (
    KernelWidgetValues
    | KernelRerun
    | KernelStop
    | KernelSource
    | KernelShutdown
    | KernelDataRequest
    | KernelDownloadRequest
    | KernelFiles
    | KernelNavigate
    | KernelSecrets
    | KernelCache
    | KernelClearCache
    | KernelTheme
    | KernelDirect
)


# -- checking ---------------------------------------------------------------------------------

#: keys whose Literal value says which shape of a union a dict has
DISCRIMINATORS = ("type", "kind", "layout", "widget")


class SchemaError(ValueError):
    """A value that does not have the declared shape; the message names where, e.g. ``el.items[0]``."""


def check(value: Any, shape: Any = Element, where: str = "el") -> None:
    """Check a decoded JSON value against a shape of this module (an element by default).

    ``shape`` is a TypedDict class, a union alias (``Element``, ``PageMessage``...) or any type
    this module uses. Checks that the discriminators name a known shape, required keys are
    there, no key is unknown, and values have their declared types (recursively).

    Raises:
        SchemaError: at the first mismatch.
    """
    _check(value, shape, where)


def _check(value: Any, tp: Any, where: str) -> None:
    if tp is Any:
        return
    if tp is None or tp is type(None):
        if value is not None:
            _fail(where, "null", value)
        return
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _fail(where, "a number", value)
        return
    if tp in (int, str, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            _fail(where, tp.__name__, value)
        return
    if typing.is_typeddict(tp):
        _check_dict(value, tp, where)
        return
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple:  # a fixed-length JSON array
        if not isinstance(value, list) or len(value) != len(args):
            _fail(where, f"a list of {len(args)}", value)
        for i, (item, arg) in enumerate(zip(value, args, strict=True)):
            _check(item, arg, f"{where}[{i}]")
        return
    if origin is Literal:
        if not any(value == a and type(value) is type(a) for a in args):
            _fail(where, " or ".join(repr(a) for a in args), value)
    elif origin is Union or origin is types.UnionType:
        _check_union(value, args, where)
    elif origin is list:
        if not isinstance(value, list):
            _fail(where, "a list", value)
        for i, item in enumerate(value):
            _check(item, args[0], f"{where}[{i}]")
    elif origin is dict:
        if not isinstance(value, dict):
            _fail(where, "an object", value)
        for key, item in value.items():
            if not isinstance(key, str):
                _fail(f"{where} key", "str", key)
            _check(item, args[1], f"{where}[{key!r}]")
    else:
        raise TypeError(f"schema.check cannot check {tp!r}")


def _check_union(value: Any, members: tuple[Any, ...], where: str) -> None:
    shapes = [m for m in members if typing.is_typeddict(m)]
    if len(shapes) == len(members) and not isinstance(value, dict):
        _fail(where, "an object", value)
    if shapes and isinstance(value, dict):
        # a tagged union: pick the shape by its discriminators, so the error is about that shape
        matching = [s for s in shapes if _tags_match(value, s)]
        if len(matching) == 1:
            _check_dict(value, matching[0], where)
            return
        if not matching and len(shapes) == len(members):
            tags = {k: value[k] for k in DISCRIMINATORS if k in value}
            raise SchemaError(f"{where}: no shape has {tags or 'these keys'}")
    for member in members:
        try:
            _check(value, member, where)
            return
        except SchemaError:
            continue
    _fail(where, " or ".join(_name(m) for m in members), value)


def _tags_match(value: dict[str, Any], shape: Any) -> bool:
    tags = _tags(shape)
    return bool(tags) and all(value.get(k, _MISSING) in allowed for k, allowed in tags.items())


@functools.cache
def _hints(shape: Any) -> dict[str, Any]:
    return typing.get_type_hints(shape)


@functools.cache
def _tags(shape: Any) -> dict[str, tuple[Any, ...]]:
    """A shape's discriminators and the values each may take."""
    hints = _hints(shape)
    return {
        k: typing.get_args(hints[k])
        for k in DISCRIMINATORS
        if k in hints and typing.get_origin(hints[k]) is Literal and k in shape.__required_keys__
    }


def _check_dict(value: Any, shape: Any, where: str) -> None:
    if not isinstance(value, dict):
        _fail(where, f"an object ({shape.__name__})", value)
    hints = _hints(shape)
    missing = sorted(shape.__required_keys__ - value.keys())
    if missing:
        raise SchemaError(f"{where}: {shape.__name__} lacks {', '.join(missing)}")
    unknown = sorted(value.keys() - hints.keys(), key=str)
    if unknown:
        raise SchemaError(f"{where}: {shape.__name__} has no field {', '.join(map(str, unknown))}")
    for key, item in value.items():
        _check(item, hints[key], f"{where}.{key}")


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or repr(tp)


def _fail(where: str, expected: str, got: Any) -> typing.NoReturn:
    shown = repr(got)
    raise SchemaError(f"{where}: expected {expected}, got {shown[:60]}{'...' if len(shown) > 60 else ''}")


_MISSING = object()
