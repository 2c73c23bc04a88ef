import numpy as np
import pytest

import autogalaxy as ag
from autolens.lens import tracer_util


def _astropy_scaling_factor(z0, z1, zf, cosmology=None):
    # Independent reference: astropy's distances, beta = D_01 D_s / (D_1 D_0s).
    from astropy.cosmology import Planck15

    cosmology = cosmology or Planck15
    d = lambda a, b: cosmology.angular_diameter_distance_z1z2(a, b).to_value("Mpc")
    return d(z0, z1) * d(0.0, zf) / (d(0.0, z1) * d(z0, zf))


@pytest.mark.parametrize("z0, z1, zf", [(0.1, 0.5, 1.0), (0.5, 0.9, 1.0), (0.2, 0.3, 2.0)])
def test__scaling_factor_between_redshifts_from__matches_astropy(z0, z1, zf):
    factor = tracer_util.scaling_factor_between_redshifts_from(
        cosmology=ag.cosmo.Planck15(), redshift_0=z0, redshift_1=z1, redshift_final=zf
    )

    assert factor == pytest.approx(_astropy_scaling_factor(z0, z1, zf), rel=1e-4)


def test__scaling_factor_between_redshifts_from__computed_once_per_cosmology_and_redshifts():
    tracer_util._scaling_factor_on_host_from.cache_clear()

    for _ in range(3):
        tracer_util.scaling_factor_between_redshifts_from(
            cosmology=ag.cosmo.Planck15(), redshift_0=0.1, redshift_1=0.5, redshift_final=1.0
        )

    info = tracer_util._scaling_factor_on_host_from.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test__scaling_factor_between_redshifts_from__cosmology_without_key_uses_xp():
    class Custom(ag.cosmo.FlatLambdaCDM):
        def parameter_key(self):
            raise TypeError("no concrete key")

    factor = tracer_util.scaling_factor_between_redshifts_from(
        cosmology=Custom(), redshift_0=0.1, redshift_1=0.5, redshift_final=1.0, xp=np
    )

    from astropy.cosmology import FlatLambdaCDM

    # The fork's FlatLambdaCDM defaults (massless neutrinos), in astropy.
    reference = FlatLambdaCDM(H0=67.66, Om0=0.30966, Tcmb0=2.7255, Neff=3.046, m_nu=0.0, Ob0=0.04897)
    assert factor == pytest.approx(_astropy_scaling_factor(0.1, 0.5, 1.0, reference), rel=1e-4)
