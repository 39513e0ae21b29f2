"""Our Sphinx extensions, one concern each, each registered in conf.py with its own ``setup()``.

- ``settings``: the ``legalpages_*`` configuration values, checked when the configuration is read.
- ``writer_markup``: ``{fact}``, ``{placeholder}`` and the ``{address}`` block.
- ``page_links``: language switcher, footer links and PDF link in every page's template context.
- ``translation_notices``: the binding-language notice and the marking of untranslated text.
- ``provenance``: on a translated page, the German version it translates and whether that changed since.
- ``theme_words``: furo's and Sphinx's own words in the page's language.
- ``upstream_fixes``: two defaults of other packages that we undo, each with its reason.
- ``hyphenation``: soft hyphens in long words of the HTML, by the rules of each text's language.
- ``accessibility_statement``: the statement's sections from docs/accessibility-statement.toml, and its JSON.
"""
