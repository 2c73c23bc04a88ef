r"""
Fixed-node quadratures for the lensing of spherical haloes whose projection has no closed form.

For a spherical density :math:`\rho(r)` (in convergence units: :math:`\rho \, \mathrm{d}l / \Sigma_{\rm cr}`
per arc-second) the convergence and the mass inside the cylinder of projected radius :math:`R` are

.. math::

    \kappa(R) = 2 \int_0^\infty \rho\left(\sqrt{R^2 + z^2}\right) \mathrm{d}z, \qquad
    M_{\rm cyl}(R) = 4 \pi \int_0^\infty \rho(r) \, r^2 \, w(r / R) \, \mathrm{d}r,

with :math:`w = 1` inside :math:`R` and :math:`w = 1 - \sqrt{1 - R^2 / r^2}` outside (the fraction of a
shell of radius :math:`r` inside the cylinder), and the deflection is
:math:`\alpha(R) = M_{\rm cyl}(R) / (\pi R)`.

Each integral is mapped onto the whole real line, where the integrand is analytic in a strip and decays
exponentially at both ends, and summed with the trapezoid rule on ``QUADRATURE_NODES`` equally spaced
nodes, whose error falls exponentially with the node density (Trefethen & Weideman 2014, SIAM Review 56,
385, Sec. 5):

- :math:`\kappa`: :math:`z = e^s`, :math:`s` from :math:`\ln\max(R, r_{\rm in}) - 25` to
  :math:`\ln\max(R, r_{\rm out}) + 13`;
- :math:`M_{\rm cyl}`, inside :math:`R`: :math:`r = R \sqrt{q(t)}`, and outside :math:`R`:
  :math:`r = R / \sqrt{q(t)}`, with :math:`p(t) = 1 / (1 + e^{-2t})` and :math:`q = 1 - p`, which removes
  the square-root kink of :math:`w` at :math:`r = R` (the integrands vanish as :math:`e^{2t}` there);
  :math:`t` from :math:`-12.5` to :math:`\max(0, \ln(R / r_{\rm in})) + 12.5` inside and to
  :math:`\max(0, \ln(r_{\rm out} / R)) + 13` outside.

Here :math:`r_{\rm in}` is the radius below which the density is flat (a core radius) and
:math:`r_{\rm out}` the radius beyond which it falls as :math:`r^{-3}` (a scale radius). The truncated
tails are below :math:`e^{-25} \simeq 10^{-11}` of the result, and with ``QUADRATURE_NODES`` nodes the
relative error is below :math:`10^{-9}` for :math:`10^{-5} \le r_{\rm in} / r_{\rm out} \le 5` and every
:math:`R` from 0 to :math:`10^4 r_{\rm out}` (checked against adaptive quadrature in the tests of the
profiles that use it). Beyond, the node spacing grows with :math:`|\ln(R / r_{\rm in})|` and
:math:`\ln(r_{\rm out} / r_{\rm in})`, and the error with it; the result stays finite.

For integrands on finite intervals with singular or kinked ends (e.g. a density defined piecewise),
`tanh_sinh_from` is the double exponential rule of Takahasi & Mori (1974) on a fixed set of nodes.

Profiles whose lensing depends on the projected radius and one shape parameter tabulate these
quadratures once, host-side, as tensor-product piecewise Chebyshev series of the logarithm
(`log_table_from`); a traced evaluation then sums the series in the shape parameter once per halo
(`shape_series_from`) and one Chebyshev series per ray (`tabulated_from`, `piecewise_chebyshev_from`).

The node loop is a Python loop on NumPy and a ``jax.lax.fori_loop`` on JAX, so the memory is that of the
radii, whatever the number of nodes, and the functions are traceable, vmappable and differentiable.
"""

import numpy as np

# The trapezoid nodes of each integral (see the module docstring for the error bound they give).
QUADRATURE_NODES = 192


def _sigmoid_pair_from(t, xp):
    """``p = 1 / (1 + exp(-2t))`` and ``q = 1 - p``, each without cancellation or overflow."""
    e = xp.exp(-2.0 * xp.abs(t))
    large = 1.0 / (1.0 + e)
    small = e / (1.0 + e)
    positive = t > 0.0
    return xp.where(positive, large, small), xp.where(positive, small, large)


def _node_sum_from(term, nodes, like, xp):
    """``sum(term(k) for k in range(nodes))``: a loop on NumPy, a ``fori_loop`` on JAX."""
    if xp is np:
        total = np.zeros_like(like)
        for k in range(nodes):
            total = total + term(k)
        return total
    import jax

    return jax.lax.fori_loop(
        0, nodes, lambda k, total: total + term(k), xp.zeros_like(like)
    )


def projected_density_from(density, radius, inner_scale, outer_scale, xp, nodes=QUADRATURE_NODES):
    r"""
    The projection :math:`\kappa(R) = 2 \int_0^\infty \rho(\sqrt{R^2 + z^2}) \, \mathrm{d}z` of a spherical
    density, by the trapezoid rule in :math:`s = \ln z` (see the module docstring for the range and the
    error bound).

    Parameters
    ----------
    density
        ``rho(r)``: the 3D density at radii ``r`` of the shape of ``radius``, finite for every
        :math:`r > 0` (its parameters broadcast against ``radius``).
    radius
        The projected radii :math:`R \ge 0`, any shape.
    inner_scale, outer_scale
        :math:`r_{\rm in} > 0` and :math:`r_{\rm out} > 0` (see the module docstring), broadcastable
        against ``radius``.
    xp
        ``numpy`` or ``jax.numpy``.
    nodes
        The number of trapezoid nodes.

    Returns
    -------
    The projected density, shape of ``radius``.
    """
    radius = radius + 0.0 * inner_scale
    s_lo = xp.log(xp.maximum(radius, inner_scale)) - 25.0
    s_hi = xp.log(xp.maximum(radius, outer_scale)) + 13.0
    step = (s_hi - s_lo) / (nodes - 1.0)
    radius_2 = radius * radius

    def term(k):
        z = xp.exp(s_lo + k * step)
        return density(xp.sqrt(radius_2 + z * z)) * z

    return 2.0 * step * _node_sum_from(term, nodes, radius, xp)


def cylinder_mass_from(density, radius, inner_scale, outer_scale, xp, nodes=QUADRATURE_NODES):
    r"""
    The mass :math:`M_{\rm cyl}(R)` of a spherical density inside the cylinder of projected radius
    :math:`R > 0`, by the trapezoid rule on the maps of the module docstring.

    Parameters
    ----------
    density
        ``rho(r)``, as for `projected_density_from`.
    radius
        The projected radii :math:`R > 0`, any shape.
    inner_scale, outer_scale
        :math:`r_{\rm in}` and :math:`r_{\rm out}` (see the module docstring).
    xp
        ``numpy`` or ``jax.numpy``.
    nodes
        The number of trapezoid nodes of each of the two integrals.

    Returns
    -------
    :math:`M_{\rm cyl}(R)` in the density's units times arc-seconds cubed, shape of ``radius``.
    """
    radius = radius + 0.0 * inner_scale
    tiny = xp.finfo(radius.dtype).tiny
    t_lo = -12.5
    t_in = xp.maximum(xp.log(radius / inner_scale), 0.0) + 12.5
    t_out = xp.maximum(xp.log(outer_scale / radius), 0.0) + 13.0
    step_in = (t_in - t_lo) / (nodes - 1.0)
    step_out = (t_out - t_lo) / (nodes - 1.0)

    def inner(k):
        # r = R sqrt(q) in (0, R): the shells inside the cylinder; dr/dt = -r p.
        p, q = _sigmoid_pair_from(t_lo + k * step_in, xp)
        root_q = xp.sqrt(q)
        return density(radius * root_q) * q * root_q * p

    def outer(k):
        # r = R / sqrt(q) in (R, inf), with 1 - sqrt(1 - R^2/r^2) = q / (1 + sqrt(p)) free of cancellation.
        p, q = _sigmoid_pair_from(t_lo + k * step_out, xp)
        # q underflows only where the integrand is negligible; the floor keeps r finite there.
        root_q = xp.sqrt(xp.maximum(q, tiny))
        return density(radius / root_q) * p / (root_q * (1.0 + xp.sqrt(p)))

    inside = step_in * _node_sum_from(inner, nodes, radius, xp)
    outside = step_out * _node_sum_from(outer, nodes, radius, xp)
    return 4.0 * np.pi * radius**3 * (inside + outside)


# The tanh-sinh rule: nodes t = k h, |k| <= TANH_SINH_HALF_NODES, so |t| <= 3.33, where the weights are
# below 1e-18 of the largest (the truncated tails) and every node stays inside the interval in float32.
TANH_SINH_STEP = 1.0 / 12.0
TANH_SINH_HALF_NODES = 40


def tanh_sinh_from(integrand, lower, upper, xp, step=TANH_SINH_STEP, half_nodes=TANH_SINH_HALF_NODES):
    r"""
    :math:`\int_a^b f(x) \, \mathrm{d}x` by the tanh-sinh (double exponential) rule of Takahasi & Mori
    (1974): :math:`x = (a + b)/2 + (b - a)/2 \tanh(\tfrac{\pi}{2} \sinh t)`, the trapezoid rule in
    :math:`t` with step ``step`` on :math:`|t| \le` ``half_nodes`` x ``step``.

    The error falls as :math:`\exp(-c / h)` for integrands analytic inside the interval, including those
    with integrable algebraic or logarithmic singularities at the ends; the integrand receives the
    distances of each node to both ends, computed without cancellation, so that it can form e.g.
    :math:`r^2 - R^2 = d_{\rm lo} (2 R + d_{\rm lo})` accurately next to a singular end.

    Parameters
    ----------
    integrand
        ``f(x, distance_to_lower, distance_to_upper)``, arrays of the shape of ``lower``.
    lower, upper
        The limits :math:`a \le b`, broadcast against each other (a zero-width interval gives zero).
    xp
        ``numpy`` or ``jax.numpy``.

    Returns
    -------
    The integral, shape of the broadcast limits.
    """
    width = upper - lower
    like = lower + 0.0 * upper

    def term(k):
        t = xp.asarray((k - half_nodes) * step, dtype=like.dtype)
        s = 0.5 * np.pi * xp.sinh(t)
        e = xp.exp(-2.0 * xp.abs(s))
        near = width * (e / (1.0 + e))
        far = width * (1.0 / (1.0 + e))
        below = t <= 0.0
        to_lower = xp.where(below, near, far)
        to_upper = xp.where(below, far, near)
        point = xp.where(below, lower + to_lower, upper - to_upper)
        weight = width * np.pi * xp.cosh(t) * e / (1.0 + e) ** 2
        return weight * integrand(point, to_lower, to_upper)

    return step * _node_sum_from(term, 2 * half_nodes + 1, like, xp)


def chebyshev_points(count):
    """The ``count`` Chebyshev points of the first kind on [-1, 1], :math:`\\cos(\\pi (k + 1/2) / n)`."""
    return np.cos(np.pi * (np.arange(count) + 0.5) / count)


def chebyshev_coefficients_from(values, axis):
    """
    Host-side: the Chebyshev coefficients of the interpolant through ``values`` sampled at the
    `chebyshev_points` along ``axis`` (the discrete cosine transform), same shape as ``values``.
    """
    count = values.shape[axis]
    points = chebyshev_points(count)
    transform = 2.0 / count * np.cos(np.outer(np.arange(count), np.arccos(points)))
    transform[0] /= 2.0
    return np.moveaxis(np.tensordot(transform, np.moveaxis(values, axis, 0), axes=1), 0, axis)


def panel_of(x, edges, xp):
    """
    The panel of the sorted static ``edges`` holding each ``x`` (clipped into them) and the position
    :math:`t \\in [-1, 1]` of ``x`` in it.
    """
    # Python floats keep the dtype of x (NumPy scalars would promote float32 to float64).
    x = xp.clip(x, float(edges[0]), float(edges[-1]))
    panel = xp.zeros(x.shape, dtype=np.int32)
    for edge in edges[1:-1]:
        panel = panel + (x >= float(edge)).astype(np.int32)
    edges = xp.asarray(edges, dtype=x.dtype)
    lower = xp.take(edges, panel)
    upper = xp.take(edges, panel + 1)
    return panel, (2.0 * x - lower - upper) / (upper - lower)


def chebyshev_polynomials_from(t, degree, xp):
    """:math:`T_0(t), \\dots, T_{\\rm degree}(t)`, stacked on a new last axis."""
    polynomials = [xp.ones_like(t), t]
    for _ in range(degree - 1):
        polynomials.append(2.0 * t * polynomials[-1] - polynomials[-2])
    return xp.stack(polynomials[: degree + 1], axis=-1)


def piecewise_chebyshev_from(coefficients, panel, t, xp):
    r"""
    :math:`\sum_k c_{p, k} T_k(t)` by Clenshaw's recurrence, for piecewise Chebyshev series whose
    coefficients differ per halo.

    Parameters
    ----------
    coefficients
        Shape ``halo_shape + (panels, degree + 1)``, ``halo_shape`` broadcastable against the shape of
        ``panel`` (e.g. ``(haloes, 1)`` against ``(haloes, rays)``, or ``()``).
    panel, t
        The panel and the position in it of each point (`panel_of`).
    xp
        ``numpy`` or ``jax.numpy``.
    """
    terms = coefficients.shape[-1]
    flat = coefficients.reshape(coefficients.shape[:-2] + (-1,))
    shape = xp.broadcast_shapes(panel.shape, flat.shape[:-1])
    flat = flat.reshape((1,) * (len(shape) - flat.ndim + 1) + flat.shape)
    base = (panel * terms)[..., None]

    def coefficient(k):
        return xp.take_along_axis(flat, base + k, axis=-1)[..., 0]

    b1 = xp.zeros(shape, dtype=t.dtype)
    b2 = xp.zeros(shape, dtype=t.dtype)
    for k in range(terms - 1, 0, -1):
        b1, b2 = coefficient(k) + 2.0 * t * b1 - b2, b1
    return coefficient(0) + t * b1 - b2


def log_table_from(function, edges, degree, shape_edges, shape_degree):
    r"""
    Host-side: the tensor-product piecewise Chebyshev coefficients of the logarithms of the positive
    functions ``function(x, p)`` (a tuple of arrays), in :math:`x` on the panels ``edges`` (degree
    ``degree``) and in a shape parameter :math:`p` on the panels ``shape_edges`` (degree
    ``shape_degree``).

    Returns
    -------
    One array per output of ``function``, shape (shape panels, panels, ``degree`` + 1,
    ``shape_degree`` + 1), for `shape_series_from`.
    """

    def nodes(panel_edges, count):
        points = chebyshev_points(count)
        middle = 0.5 * (panel_edges[:-1, None] + panel_edges[1:, None])
        return middle + 0.5 * np.diff(panel_edges)[:, None] * points

    x = nodes(edges, degree + 1)[None, :, :, None]
    p = nodes(shape_edges, shape_degree + 1)[:, None, None, :]
    tables = []
    for values in function(x + 0.0 * p, p + 0.0 * x):
        coefficients = chebyshev_coefficients_from(np.log(values), axis=2)
        tables.append(chebyshev_coefficients_from(coefficients, axis=3))
    return tuple(tables)


def shape_series_from(table, shape, shape_edges, xp):
    """
    Per halo (never per ray): the Chebyshev coefficients in :math:`x` of a `log_table_from` table at the
    halo's shape parameter (clipped into ``shape_edges``), shape ``shape.shape + (panels, degree + 1)``.
    """
    panel, t = panel_of(shape, shape_edges, xp)
    table = xp.asarray(table, dtype=t.dtype)
    polynomials = chebyshev_polynomials_from(t, table.shape[-1] - 1, xp)
    return xp.sum(xp.take(table, panel, axis=0) * polynomials[..., None, None, :], axis=-1)


def tabulated_from(series, x, edges, xp):
    """``exp`` of the per-halo series of `shape_series_from` at ``x`` (clipped into ``edges``)."""
    panel, t = panel_of(x, edges, xp)
    return xp.exp(piecewise_chebyshev_from(series, panel, t, xp))
