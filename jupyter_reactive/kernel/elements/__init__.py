"""The scripting API's elements, one module per family (script thread).

Each family is a mixin over :class:`~jupyter_reactive.kernel.delta.BaseContainer` (so its
methods are typed against the plumbing: ``_emit``, ``_child``, ...); :mod:`..container` composes
them into ``Container``, and ``jupyter_reactive/__init__.py`` binds its methods as ``jr.*``.

* :mod:`.text` — title, header, subheader, markdown, caption, text, code, divider, html, write
* :mod:`.data` — json
* :mod:`.status` — error, warning, info, success, exception, progress, spinner
* :mod:`.media` — image, audio, video
* :mod:`.widgets` — button, form_submit_button, checkbox, toggle, slider, number_input,
  text_input, text_area (their shared machinery in :mod:`.widget_base`)
* :mod:`.choices` — selectbox, radio, multiselect
* :mod:`.files` — download_button, file_uploader, camera_input
* :mod:`.layout` — container, columns, expander, tabs, form, empty
* :mod:`.buttons` — pills, segmented_control, feedback, link_button, page_link, audio_input
"""
