"""
A warning at import for JAX left in 32-bit mode because ``jax`` was imported before the library.

The libraries compute in float64 under JAX: importing them sets ``JAX_ENABLE_X64=True`` in the
environment (``autonerves.jax_wrapper``), which JAX reads once, when ``jax`` itself is imported. A
``jax`` imported earlier has already read the environment, so JAX stays in 32-bit mode and every
JAX array of the libraries is silently float32.
"""

import os
import sys
import warnings

#: The values of ``JAX_ENABLE_X64`` that choose 32-bit mode deliberately (JAX's spellings of false).
X64_FALSE_VALUES = ("0", "false", "f", "no", "n", "off")

_warned = False


def warn_if_jax_imported_in_float32() -> bool:
    """
    Warn once per process if ``jax`` is already imported and runs in 32-bit mode, naming the fix.

    No warning when ``jax`` is not imported yet (the library's import then switches 64-bit mode
    on), when its 64-bit mode is on, or when the environment sets ``JAX_ENABLE_X64`` to a false
    value (``0``, ``false``...): single precision was then chosen deliberately. Must run before
    ``autonerves.jax_wrapper`` is imported, which overwrites ``JAX_ENABLE_X64``.

    Returns
    -------
    Whether this call warned.
    """
    global _warned

    jax = sys.modules.get("jax")

    if _warned or jax is None:
        return False

    value = os.environ.get("JAX_ENABLE_X64")
    if value is not None and value.strip().lower() in X64_FALSE_VALUES:
        return False

    try:
        x64 = bool(jax.config.jax_enable_x64)
    except AttributeError:  # jax is only partly imported (an import cycle): nothing to check yet
        return False

    if x64:
        return False

    _warned = True
    warnings.warn(
        "jax was imported before autoarray / autogalaxy / autolens, so JAX runs in 32-bit mode "
        "and every JAX computation of these libraries will be float32, not float64. Import "
        "autolens / autogalaxy / autoarray before jax, or set JAX_ENABLE_X64=True in the "
        "environment before starting Python, or call jax.config.update('jax_enable_x64', True) "
        "before building any JAX array. To run in float32 deliberately, set JAX_ENABLE_X64=0 "
        "in the environment, which silences this warning.",
        UserWarning,
        stacklevel=2,
    )
    return True
