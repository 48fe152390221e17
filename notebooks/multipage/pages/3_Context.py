import jupyter_reactive as jr

jr.title("Context")
ctx = jr.context
jr.write(f"Locale: `{ctx.locale}`, time zone: `{ctx.timezone}` (UTC offset {ctx.timezone_offset} min)")
jr.write(f"URL: `{ctx.url}`; IP address: `{ctx.ip_address}`; embedded: `{ctx.is_embedded}`; theme: `{ctx.theme.type}`")
jr.write(f"User agent: `{ctx.headers.get('User-Agent', '')}`")
jr.write(f"Cookies: {sorted(ctx.cookies)}")
jr.checkbox("A widget on this page")
