import jupyter_reactive as jr

c = jr.context
jr.json(
    {
        "headers": c.headers.to_dict(),
        "cookies": dict(c.cookies),
        "locale": c.locale,
        "timezone": c.timezone,
        "offset": c.timezone_offset,
        "url": c.url,
        "ip": c.ip_address,
        "embedded": c.is_embedded,
        "theme": c.theme.type,
        "query": {k: jr.query_params.get_all(k) for k in jr.query_params},
    }
)
jr.text_input("x")
