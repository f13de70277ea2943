"""Live preview: ``coursekit serve`` and ``coursekit build --watch``.

The same pipeline as ``coursekit build``, driven by file changes:

- ``watch.py``: which files changed (watchfiles), in batches; never two builds at once;
- ``site.py``: ``LiveSite`` rebuilds the html target into a folder, redoing only what changed
  (``session_cache.py`` holds what a long-running process keeps between rebuilds);
- ``server.py``: a small HTTP server for a folder that pushes reloads and errors to open pages
  (server-sent events; it knows nothing of courses);
- ``loop.py``: the two commands, tying these together and printing to the terminal.
"""
