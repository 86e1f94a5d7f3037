"""``claimcheck mcp``: the Model Context Protocol server (needs the ``mcp`` extra).

:func:`claimcheck.mcp_server.server.build_server` builds the server; :func:`mcp_command` is the
CLI command. Importing this package does not import the ``mcp`` SDK.
"""

from .command import mcp_command

__all__ = ["mcp_command"]
