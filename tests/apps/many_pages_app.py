import jupyter_reactive as jr


def make(n: int):
    def page() -> None:
        jr.header(f"Page number {n}")

    page.__name__ = f"page_{n}"
    return page


pages = [jr.Page(make(n), title=f"Page {n}") for n in range(1, 13)]
pages.append(jr.Page(make(99), title="Secret", visibility="hidden", help="not listed"))
jr.navigation(pages).run()
jr.sidebar.title("Side")
jr.sidebar.text_input("Side field")
jr.sidebar.write("sidebar text")
jr.logo("🚀", icon_image="🌙")
