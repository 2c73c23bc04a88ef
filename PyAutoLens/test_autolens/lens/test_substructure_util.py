import numpy as np
import pytest

import autogalaxy as ag
from autolens.lens import substructure_util

# The module is deprecated (see test__public_functions__warn_deprecation_pointing_to_populations); the
# tests of its behaviour silence the warning.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

_PLANES = [0.25, 0.5, 0.75, 1.0]


def _halo(z, centre=(0.1, 0.2), kappa_s=0.01):
    return ag.Galaxy(
        redshift=z,
        mass=ag.mp.NFWTruncatedSph(
            centre=centre, kappa_s=kappa_s, scale_radius=0.05, truncation_radius=0.5
        ),
    )


def _arrays(galaxies, max_n=3):
    return substructure_util.galaxies_to_halo_arrays(
        galaxies=galaxies,
        plane_redshifts=_PLANES,
        max_n=max_n,
        profile_cls=ag.mp.NFWTruncatedSph,
    )


def test__galaxies_to_halo_arrays__packs_haloes_sheets_and_skips_light_only():
    galaxies = [
        _halo(0.25, centre=(0.1, 0.2), kappa_s=0.01),
        _halo(0.25, centre=(-0.3, 0.4), kappa_s=0.02),
        ag.Galaxy(redshift=0.25, mass_sheet=ag.mp.MassSheet(kappa=-0.003)),
        _halo(0.75, centre=(0.5, -0.5), kappa_s=0.03),
        ag.Galaxy(redshift=1.0, light=ag.lp.Sersic(intensity=1.0)),
    ]

    params, mask, sheet_kappas = _arrays(galaxies)

    assert params.shape == (4, 3, 5)
    assert np.asarray(mask).tolist() == [
        [True, True, False],
        [False, False, False],
        [True, False, False],
        [False, False, False],
    ]
    assert np.asarray(params[0, 1]) == pytest.approx([-0.3, 0.4, 0.02, 0.05, 0.5])
    assert np.asarray(params[2, 0]) == pytest.approx([0.5, -0.5, 0.03, 0.05, 0.5])
    assert np.asarray(sheet_kappas) == pytest.approx([-0.003, 0.0, 0.0, 0.0])


def test__galaxies_to_halo_arrays__more_haloes_than_max_n_raises():
    galaxies = [_halo(0.5) for _ in range(4)]

    with pytest.raises(ValueError, match=r"Plane 1 \(z = 0.5\) has 4 haloes, more than max_n = 3"):
        _arrays(galaxies, max_n=3)

    params, mask, _ = _arrays(galaxies, max_n=4)
    assert int(np.asarray(mask).sum()) == 4


def test__galaxies_to_halo_arrays__galaxy_off_the_planes_raises():
    with pytest.raises(ValueError, match=r"redshift 0.6 is not on any of the plane_redshifts"):
        _arrays([_halo(0.25), _halo(0.6)])


def test__galaxies_to_halo_arrays__halo_not_under_mass_raises():
    galaxy = ag.Galaxy(
        redshift=0.5,
        subhalo=ag.mp.NFWTruncatedSph(kappa_s=0.01, scale_radius=0.05, truncation_radius=0.5),
    )

    with pytest.raises(ValueError, match=r"'subhalo' \(NFWTruncatedSph\).*would be dropped"):
        _arrays([galaxy])


def test__galaxies_to_halo_arrays__profile_of_other_class_raises():
    with pytest.raises(ValueError, match=r"'mass' \(NFWSph\).*only NFWTruncatedSph"):
        _arrays([ag.Galaxy(redshift=0.5, mass=ag.mp.NFWSph(kappa_s=0.01, scale_radius=0.05))])

    # A halo beside a sheet in one galaxy is kept, and a profile beside them is not dropped silently.
    both = ag.Galaxy(
        redshift=0.5,
        mass=ag.mp.NFWTruncatedSph(kappa_s=0.01, scale_radius=0.05, truncation_radius=0.5),
        mass_sheet=ag.mp.MassSheet(kappa=-0.002),
    )
    params, mask, sheet_kappas = _arrays([both])
    assert bool(mask[1, 0]) and float(sheet_kappas[1]) == pytest.approx(-0.002)

    with pytest.raises(ValueError, match=r"'shear' \(ExternalShear\)"):
        _arrays([ag.Galaxy(redshift=0.5, mass_sheet=ag.mp.MassSheet(kappa=-0.002), shear=ag.mp.ExternalShear(gamma_1=0.01, gamma_2=0.0))])


def test__galaxies_to_halo_arrays__second_sheet_on_a_plane_raises():
    sheets = [ag.Galaxy(redshift=0.75, mass_sheet=ag.mp.MassSheet(kappa=k)) for k in (-0.001, -0.002)]

    with pytest.raises(ValueError, match=r"Plane 2 \(z = 0.75\) has a second mass sheet"):
        _arrays(sheets)


def test__galaxies_to_halo_arrays__holds_every_halo_and_sheet_of_a_los_draw():
    from autolens.lens import los

    sampler = los.LOSSampler(
        z_lens=0.5,
        z_source=1.0,
        planes_before_lens=1,
        planes_after_lens=1,
        cone_radius_arcsec=1.0,
        mass_function_coefficients=np.array([[-1.9058, 8.0743], [-1.9069, 8.1108], [-1.9084, 8.1484]]),
        mass_concentration_coefficients=np.array([[-1.7115, 28.630], [-1.5429, 25.926], [-1.3846, 23.372]]),
        seed=5,
    )
    galaxies = sampler.galaxies_from()
    _, centres = los.los_planes_from(0.5, 1.0, 1, 1)
    n_haloes = sum(1 for g in galaxies if hasattr(g, "mass"))

    params, mask, sheet_kappas = substructure_util.galaxies_to_halo_arrays(
        galaxies=galaxies,
        plane_redshifts=list(centres) + [1.0],
        max_n=n_haloes,
        profile_cls=ag.mp.NFWTruncatedSph,
    )

    assert int(np.asarray(mask).sum()) == n_haloes > 0
    assert np.asarray(sheet_kappas[:3]) == pytest.approx(
        [f.mass_sheet.kappa for f in sampler.fields_from()], rel=1e-15
    )


@pytest.mark.parametrize(
    "name",
    [
        "precompute_scaling_matrix",
        "galaxies_to_halo_arrays",
        "los_realizations_to_arrays",
        "traced_grids_via_scan",
        "simulate_substructure",
        "batched_simulate_substructure",
    ],
)
def test__public_functions__warn_deprecation_pointing_to_populations(name):
    pytest.importorskip("jax")
    calls = {
        "precompute_scaling_matrix": lambda f: f(plane_redshifts=[0.5, 1.0]),
        "galaxies_to_halo_arrays": lambda f: f(
            galaxies=[_halo(0.25)], plane_redshifts=_PLANES, max_n=2, profile_cls=ag.mp.NFWTruncatedSph
        ),
        "los_realizations_to_arrays": lambda f: f(
            realization_galaxies=[[_halo(0.25)]],
            plane_redshifts=_PLANES,
            max_n=2,
            profile_cls=ag.mp.NFWTruncatedSph,
        ),
    }
    function = getattr(substructure_util, name)

    with pytest.warns(DeprecationWarning, match="HaloPopulation") as record:
        if name in calls:
            calls[name](function)
        else:
            # The warning comes first; the placeholder arguments then fail.
            with pytest.raises(Exception):
                function(*([None] * function.__code__.co_argcount))
    assert f"substructure_util.{name} is deprecated" in str(record[0].message)
