"""The line-of-sight code split over `los`, `los_mass_function`, `los_truncation` and `los_draw`: every
public function keeps its import path in `autolens.lens.los`, and is the one defined in its new module."""

import pytest

import autolens as al
from autolens.lens import los, los_draw, los_mass_function, los_truncation


@pytest.mark.parametrize(
    "module, names",
    [
        (
            los_mass_function,
            (
                "mass_function_ab_from",
                "mass_concentration_ab_from",
                "number_of_halos_from",
                "sample_halo_masses",
                "sample_positions_in_circle",
                "sample_concentrations",
            ),
        ),
        (los_truncation, ("truncation_tau_from", "nfw_truncated_parameters_from")),
        (los_draw, ("truncation_tau_fixed_iterations_from",)),
    ],
)
def test__los__moved_public_functions_keep_their_import_path(module, names):
    for name in names:
        assert getattr(los, name) is getattr(module, name), name


def test__los_sampler__still_exported_from_los_and_autolens():
    assert al.LOSSampler is los.LOSSampler


def test__truncation_tau_from__moved_function_solves_the_truncation_rule():
    # The mean NFW density within r_t = tau r_s is Delta_t = 100 times critical:
    # (Delta_t / 3) tau^3 / mu(tau) = (200 / 3) c^3 / mu(c), mu(x) = ln(1 + x) - x / (1 + x).
    import numpy as np

    def mu(x):
        return np.log(1.0 + x) - x / (1.0 + x)

    concentration = np.array([5.0, 12.0, 30.0])
    tau = los.truncation_tau_from(concentration, truncation_factor=100.0)

    np.testing.assert_allclose(
        100.0 / 3.0 * tau**3 / mu(tau), 200.0 / 3.0 * concentration**3 / mu(concentration), rtol=1e-12
    )
