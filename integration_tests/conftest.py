"""
JAX tests run in float64 unless they say otherwise.

``autonerves`` (imported by the libraries) turns JAX's 64-bit mode on only when it is imported before
``jax``; a test module importing ``jax`` first would otherwise run the whole session in float32. The
float32 checks run in subprocesses with ``JAX_ENABLE_X64=False``.
"""

import jax

jax.config.update("jax_enable_x64", True)
