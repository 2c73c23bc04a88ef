"""
Identity of the substructure fork of ``autoarray``.

The fork is a drop-in replacement for the upstream release it was imported from (see ``UPSTREAM.md``
in the fork's repository). ``autogalaxy`` and ``autolens`` of the fork import this module to check
that they run on top of the fork's ``autoarray`` rather than on an upstream release, whose behaviour
on the jit/vmap simulator path differs.
"""

#: The upstream release this package was imported from.
UPSTREAM_VERSION = "2026.10.26.1"

#: The fork's version: the upstream release with a PEP 440 local version label.
FORK_VERSION = "2026.10.26.1+substructure.1"
