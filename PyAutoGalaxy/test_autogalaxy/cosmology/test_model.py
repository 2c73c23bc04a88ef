"""The Planck15 lensing quantities on the NumPy path, against astropy's Planck15."""

import numpy as np
import pytest

import autogalaxy as ag
from autogalaxy.cosmology.model import Planck15

astropy_cosmology = pytest.importorskip("astropy.cosmology")
units = pytest.importorskip("astropy.units")
constants = pytest.importorskip("astropy.constants")

# The fork's Planck15 treats the 0.06 eV neutrino approximately (astropy exactly) and uses
# Msun = 1.98847e30 kg (astropy 1.98841e30): agreement to ~4e-5.
RTOL = 1.0e-4


@pytest.mark.parametrize("redshift", [0.0, 0.2, 0.5, 1.0, 3.0])
def test__critical_density__matches_astropy(redshift):
    expected = (
        astropy_cosmology.Planck15.critical_density(redshift)
        .to(units.Msun / units.kpc**3)
        .value
    )

    assert Planck15().critical_density(redshift) == pytest.approx(expected, rel=RTOL)
    assert Planck15().cosmic_average_density_solar_mass_per_kpc3_from(
        redshift
    ) == pytest.approx(expected, rel=RTOL)


@pytest.mark.parametrize("redshift_0, redshift_1", [(0.2, 1.0), (0.5, 2.0), (1.0, 4.0)])
def test__critical_surface_density_between_redshifts_solar_mass_per_kpc2_from__matches_astropy(
    redshift_0, redshift_1
):
    cosmology = astropy_cosmology.Planck15
    d_l = cosmology.angular_diameter_distance(redshift_0)
    d_s = cosmology.angular_diameter_distance(redshift_1)
    d_ls = cosmology.angular_diameter_distance(redshift_0, redshift_1)
    expected = (
        (constants.c**2 / (4.0 * np.pi * constants.G) * d_s / (d_l * d_ls))
        .to(units.Msun / units.kpc**2)
        .value
    )

    value = Planck15().critical_surface_density_between_redshifts_solar_mass_per_kpc2_from(
        redshift_0=redshift_0, redshift_1=redshift_1
    )

    assert value == pytest.approx(expected, rel=RTOL)

def test__eq__cosmologies_with_equal_parameters_compare_and_hash_equal():
    a = ag.cosmo.Planck15()
    b = ag.cosmo.Planck15()

    assert a is not b
    assert a == b
    assert hash(a) == hash(b)
    assert {a: 1}[b] == 1


def test__eq__different_parameters_or_class_differ():
    planck = ag.cosmo.Planck15()

    assert planck != ag.cosmo.FlatLambdaCDM(H0=70.0)
    assert ag.cosmo.FlatLambdaCDM(H0=70.0) == ag.cosmo.FlatLambdaCDM(H0=70.0)
    assert ag.cosmo.FlatLambdaCDM(H0=70.0) != ag.cosmo.FlatLambdaCDM(H0=70.0, Om0=0.3)
    # Same numbers, different class: Planck15's m_nu is a three-species list.
    assert planck != ag.cosmo.FlatLambdaCDM(
        H0=67.74, Om0=0.3075, Tcmb0=2.7255, Neff=3.046, m_nu=0.06, Ob0=0.0486
    )
    assert planck != "Planck15"


def test__parameter_key__traced_parameters_have_no_key_and_compare_by_identity():
    jax = pytest.importorskip("jax")

    def compare(h0):
        a = ag.cosmo.FlatLambdaCDM(H0=h0)
        b = ag.cosmo.FlatLambdaCDM(H0=h0)
        with pytest.raises(TypeError):
            a.parameter_key()
        assert a == a and a != b
        return h0

    jax.jit(compare)(70.0)
