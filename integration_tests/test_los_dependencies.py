"""
LOSSampler's optional dependencies (the ``los`` extra of autolens): hmf >= 3 and colossus reproduce the
per-plane coefficients shipped in ``data/los_coefficients.json`` (computed with hmf 3.7.2 + camb 2.0.5
and colossus 1.3.1). Each test is skipped when its package is not installed; the clear-error paths
without them are tested in ``PyAutoLens/test_autolens/lens/test_los.py``.
"""

import numpy as np
import pytest

from autolens.lens import los

from integration_tests import workloads


def test__mass_function_ab_from__reproduces_shipped_coefficients_2_2():
    pytest.importorskip("hmf", minversion="3")
    from astropy.cosmology import Planck15

    coefficients = workloads.los_coefficients("S")

    fits = [
        los.mass_function_ab_from(redshift=z, cosmology_astropy=Planck15)
        for z in coefficients["centres"]
    ]

    assert np.asarray(fits) == pytest.approx(
        np.asarray(coefficients["mass_function_coefficients"]), rel=1e-6
    )


def test__mass_concentration_ab_from__reproduces_shipped_coefficients_2_2():
    pytest.importorskip("colossus")

    coefficients = workloads.los_coefficients("S")

    fits = [
        los.mass_concentration_ab_from(redshift=z, cosmology_name="planck15")
        for z in coefficients["centres"]
    ]

    assert np.asarray(fits) == pytest.approx(
        np.asarray(coefficients["mass_concentration_coefficients"]), rel=1e-6
    )
