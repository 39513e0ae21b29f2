"""Our own code for the legal pages: Sphinx extension, catalog tools, site assembly and checks."""
