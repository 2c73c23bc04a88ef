import pytest

import autogalaxy as ag


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
